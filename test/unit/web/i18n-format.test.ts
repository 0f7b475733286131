import { describe, expect, it } from "vitest";
import { makeI18n } from "../../../web/src/i18n/i18n.js";
import { en, pl } from "../../../web/src/i18n/messages.js";
import { statusTone, term } from "../../../web/src/i18n/vocabulary.js";

describe("Date formatting", () => {
  const english = makeI18n("en");
  const polish = makeI18n("pl");

  it("writes a day as day, short month and year in British English", () => {
    expect(english.date("2026-03-05")).toBe("5 Mar 2026");
    expect(english.date("2026-03-05", "short")).toBe("5 Mar");
    expect(english.date("2026-03-05", "month")).toBe("Mar 2026");
  });

  it("reads only the calendar day of a timestamp, whatever its time of day", () => {
    expect(english.date("2026-12-31T23:59:59.000Z")).toBe("31 Dec 2026");
    expect(english.date("2026-01-01T00:00:00.000+14:00")).toBe("1 Jan 2026");
  });

  it("writes days with Polish short month names", () => {
    expect(polish.date("2026-03-05")).toMatch(/^5 mar 2026/);
    expect(polish.date("2026-07-05", "short")).toBe("5 lip");
  });
});

describe("Number formatting", () => {
  it("writes shares as percentages with one decimal by default", () => {
    const english = makeI18n("en");

    expect(english.percent(0.853)).toBe("85.3%");
    expect(english.percent(0.8, 0)).toBe("80%");
    expect(english.percent(1)).toBe("100.0%");
  });

  it("uses a decimal comma in Polish", () => {
    expect(makeI18n("pl").percent(0.853)).toMatch(/^85,3\s?%$/);
    expect(makeI18n("pl").number(2.5, 1)).toBe("2,5");
  });

  it("shows a dash for a missing or not-a-number value", () => {
    const english = makeI18n("en");

    expect(english.percent(null)).toBe("–");
    expect(english.percent(Number.NaN)).toBe("–");
    expect(english.number(undefined)).toBe("–");
  });

  it("rounds numbers to the digits asked for", () => {
    expect(makeI18n("en").number(1234.567)).toBe("1,235");
    expect(makeI18n("en").number(1234.567, 2)).toBe("1,234.57");
  });
});

describe("Message interpolation", () => {
  it("fills named placeholders and leaves unknown ones visible", () => {
    const key = (Object.keys(en) as (keyof typeof en)[]).find((k) => /\{\w+\}/.test(en[k]));
    if (!key) throw new Error("expected at least one message with a placeholder");
    const placeholder = /\{(\w+)\}/.exec(en[key])?.[1] as string;

    const filled = makeI18n("en").t(key, { [placeholder]: "VALUE-42" });
    const unfilled = makeI18n("en").t(key);

    expect(filled).toContain("VALUE-42");
    expect(filled).not.toContain(`{${placeholder}}`);
    expect(unfilled).toContain(`{${placeholder}}`);
  });

  it("has a Polish message for every English key, with the same placeholders", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(pl[key], key).toBeTypeOf("string");
      expect(names(pl[key]), key).toEqual(names(en[key]));
    }
  });
});

describe("Vocabulary", () => {
  it("names a known value in the chosen language and passes an unknown one through", () => {
    expect(term("en", "in-progress")).toBe("In progress");
    expect(term("pl", "in-progress")).toBe("W realizacji");
    expect(term("pl", "something-new")).toBe("something-new");
  });

  it("colours rejected and cancelled as bad, deferred and on hold as a warning, finished work as good and the rest neutral", () => {
    expect(statusTone("rejected")).toBe("bad");
    expect(statusTone("cancelled")).toBe("bad");
    expect(statusTone("deferred")).toBe("warn");
    expect(statusTone("on-hold")).toBe("warn");
    expect(["implemented", "reviewed", "closed"].map(statusTone)).toEqual(["good", "good", "good"]);
    expect(statusTone("proposed")).toBe("neutral");
  });
});
