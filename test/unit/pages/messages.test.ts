import { describe, expect, expectTypeOf, it } from "vitest";
import { EMAIL_MESSAGES, type EmailMessages } from "../../../functions/src/i18n/email-messages.js";
import { LOCALES, type Locale } from "../../../functions/src/i18n/locale.js";
import { MESSAGES, type Messages, messagesFor } from "../../../functions/src/i18n/messages.js";
import {
  HIGH_SCORE_REASON_CODES,
  isReasonCode,
  LOW_SCORE_REASON_CODES,
  REASON_CODES,
  reasonCodesForScore,
} from "../../../functions/src/i18n/reason-tags.js";

/** Sample values, each a distinct marker, for every parameter a message function takes. */
const SAMPLE = {
  ticketId: "⟨ticketId⟩",
  title: "⟨title⟩",
  date: "⟨date⟩",
  service: "⟨service⟩",
  organisation: "⟨organisation⟩",
  name: "⟨name⟩",
  score: "⟨score⟩",
  count: "⟨count⟩",
  button: "⟨button⟩",
  agent: "⟨agent⟩",
  max: 1999,
};

/** Every leaf of a messages object as path → rendered text (functions called with the samples). */
function leaves(value: unknown, path = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(path, value);
  else if (typeof value === "function")
    out.set(path, String((value as (p: typeof SAMPLE) => unknown)(SAMPLE)));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [p, text] of leaves(child, path ? `${path}.${key}` : key)) out.set(p, text);
    }
  } else out.set(path, `<not a message: ${typeof value}>`);
  return out;
}

function markersIn(text: string): string[] {
  const markers = [...text.matchAll(/⟨\w+⟩|1999/g)].map((match) => match[0]);
  return [...new Set(markers)].sort();
}

/** All that a requester reads in a locale, the pages' messages and the email's (under `email`). */
const everything = (locale: Locale) => ({ ...MESSAGES[locale], email: EMAIL_MESSAGES[locale] });

describe("The messages", () => {
  it("have the same shape in every locale (checked at compile time too)", () => {
    expectTypeOf(MESSAGES.pl).toEqualTypeOf<Messages>();
    expectTypeOf(MESSAGES.en).toEqualTypeOf<Messages>();
    expectTypeOf(EMAIL_MESSAGES.pl).toEqualTypeOf<EmailMessages>();
    expectTypeOf(EMAIL_MESSAGES.en).toEqualTypeOf<EmailMessages>();
    // @ts-expect-error a locale that lacks a key does not compile
    const incomplete: Messages["status"]["error"] = { title: "Only a title" };
    expect(incomplete.title).toBe("Only a title");

    const english = [...leaves(everything("en")).keys()].sort();
    for (const locale of LOCALES) expect([...leaves(everything(locale)).keys()].sort()).toEqual(english);
    expect(english.length).toBeGreaterThan(50);
  });

  it("are never empty and never left untranslated", () => {
    const english = leaves(everything("en"));
    const polish = leaves(everything("pl"));
    for (const [path, text] of polish) {
      expect(text.trim(), path).not.toBe("");
      const sameInBoth = text === english.get(path);
      // Only the names of things that read alike in both languages may match.
      if (sameInBoth) expect(path).toMatch(/^(email\.service|survey\.service)$/);
    }
  });

  it("interpolate the same values in every locale", () => {
    const english = leaves(everything("en"));
    for (const [path, text] of leaves(everything("pl"))) {
      // The Polish greeting leaves the name out on purpose: a wrong vocative is worse than none.
      if (path === "email.greeting") continue;
      expect(markersIn(text), path).toEqual(markersIn(english.get(path) ?? ""));
    }
  });

  it("label every reason code in every locale, each label distinct", () => {
    for (const locale of LOCALES) {
      const labels = REASON_CODES.map((code) => messagesFor(locale).reasons[code]);
      expect(new Set(labels).size).toBe(REASON_CODES.length);
    }
  });
});

describe("The reason codes", () => {
  it("are the low-score list followed by the high-score list, with no code in both", () => {
    expect(REASON_CODES).toEqual([...LOW_SCORE_REASON_CODES, ...HIGH_SCORE_REASON_CODES]);
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });

  it("offer the low-score list for 1 to 3 and the high-score list for 4 and 5", () => {
    expect([1, 2, 3, 4, 5].map((score) => reasonCodesForScore(score as 1 | 2 | 3 | 4 | 5))).toEqual([
      LOW_SCORE_REASON_CODES,
      LOW_SCORE_REASON_CODES,
      LOW_SCORE_REASON_CODES,
      HIGH_SCORE_REASON_CODES,
      HIGH_SCORE_REASON_CODES,
    ]);
  });

  it("recognise only known codes, exactly", () => {
    expect(REASON_CODES.every(isReasonCode)).toBe(true);
    expect(["Slow", "slow ", "", "toString", "constructor"].some(isReasonCode)).toBe(false);
  });
});
