import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import {
  ENGLISH_STOP_WORDS,
  extractThemes,
  POLISH_STOP_WORDS,
  stemWord,
  type Theme,
  type ThemeComment,
} from "../../../functions/src/domain/themes/index.js";
import { SERVICE_DESK_COMMENTS } from "./service-desk-comments.js";

const ALL = { minSupport: 2, maxThemes: 1000 };

function themeWithKey(themes: readonly Theme[], key: string): Theme {
  const theme = themes.find((candidate) => candidate.key === key);
  if (theme === undefined) throw new Error(`no theme ${key} among ${themes.map((t) => t.key).join(", ")}`);
  return theme;
}

function idsMentioning(pattern: RegExp): string[] {
  return SERVICE_DESK_COMMENTS.filter((comment) => pattern.test(comment.text)).map((comment) => comment.id);
}

const plComment = (id: string, text: string): ThemeComment => ({ id, text, locale: "pl" });
const enComment = (id: string, text: string): ThemeComment => ({ id, text, locale: "en" });

describe("Theme extraction from service-desk comments", () => {
  it("counts inflected Polish forms of one word as one theme", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    const printer = themeWithKey(themes, stemWord("drukarka", "pl"));

    expect(printer.count).toBe(3);
    expect(printer.responseIds).toEqual(["c01", "c02", "c03"]);
    expect(idsMentioning(/drukark/i)).toEqual(["c01", "c02", "c03"]);
    expect(printer.locales).toEqual(["pl"]);
  });

  it("labels a theme with its most frequent surface form", () => {
    const comments = [
      plComment("a", "Hasła"),
      plComment("b", "hasła wygasają"),
      plComment("c", "Nowe hasło"),
    ];

    const [theme] = extractThemes(comments);

    expect(theme?.label).toBe("hasła");
  });

  it("counts English plural and gerund forms as one theme", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    const printing = themeWithKey(themes, stemWord("printing", "en"));

    expect(printing.responseIds).toEqual(expect.arrayContaining(["c22", "c23", "c24"]));
    expect(printing.count).toBe(printing.responseIds.length);
    expect(stemWord("printers", "en")).toBe(printing.key);
  });

  it("never makes a stop word a theme, even at a support of one", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, { minSupport: 1, maxThemes: 10_000 });
    const stopStems = new Set([
      ...[...POLISH_STOP_WORDS].map((word) => stemWord(word, "pl")),
      ...[...ENGLISH_STOP_WORDS].map((word) => stemWord(word, "en")),
    ]);

    const parts = themes.flatMap((theme) => theme.key.split(" "));

    expect(parts.length).toBeGreaterThan(50);
    expect(
      parts.filter(
        (part) => stopStems.has(part) || POLISH_STOP_WORDS.has(part) || ENGLISH_STOP_WORDS.has(part),
      ),
    ).toEqual([]);
  });

  it("keeps 'nie działa' as a theme distinct from 'działa'", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    const broken = themeWithKey(themes, `nie_${stemWord("działa", "pl")}`);
    const working = themeWithKey(themes, stemWord("działa", "pl"));

    expect(broken.label).toBe("nie działa");
    expect(broken.count).toBeGreaterThanOrEqual(4);
    expect(working.responseIds.filter((id) => broken.responseIds.includes(id))).toEqual([]);
    expect(broken.responseIds).toContain("c04");
    expect(working.responseIds).toContain("c08");
  });

  it("keeps 'not working' as a theme distinct from 'works'", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    const broken = themeWithKey(themes, `not_${stemWord("working", "en")}`);
    const working = themeWithKey(themes, stemWord("works", "en"));

    expect(broken.responseIds).toEqual(["c25", "c27", "c26", "c28"]);
    expect(working.responseIds).toEqual(["c29", "c30"]);
  });

  it("detects Polish typed without diacritics and folds it into the same theme", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    const broken = themeWithKey(themes, `nie_${stemWord("działa", "pl")}`);

    expect(SERVICE_DESK_COMMENTS.find((comment) => comment.id === "c38")?.locale).toBeUndefined();
    expect(broken.responseIds).toContain("c38");
  });

  it("lets one theme span both languages when the stems meet", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);

    expect(themeWithKey(themes, "laptop").locales).toEqual(["en", "pl"]);
  });

  it("orders themes by count, then phrases before words, then key, the same way on every run", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, ALL);
    const reversed = extractThemes([...SERVICE_DESK_COMMENTS].reverse(), ALL);
    const isPhrase = (theme: Theme) => (theme.key.includes(" ") ? 0 : 1);

    const expected = [...themes].sort(
      (a, b) =>
        b.count - a.count || isPhrase(a) - isPhrase(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );

    expect(themes.map((theme) => theme.key)).toEqual(expected.map((theme) => theme.key));
    expect(reversed.map((theme) => [theme.key, theme.count])).toEqual(
      themes.map((theme) => [theme.key, theme.count]),
    );
  });

  it("ranks a phrase before a single word of the same count", () => {
    const comments = [
      enComment("a", "VPN drops hourly"),
      enComment("b", "vpn drops again"),
      enComment("c", "admin rights missing"),
      enComment("d", "need admin"),
    ];

    const keys = extractThemes(comments).map((theme) => theme.key);

    expect(keys).toEqual(["vpn drop", "admin"]);
  });

  it("folds a single word into the phrase that covers nearly all its comments", () => {
    const comments = [
      plComment("a", "Reset hasła trwał wieki"),
      plComment("b", "Reset hasła nie zadziałał"),
      plComment("c", "Prosiłem o reset hasła"),
      plComment("d", "Reset konta w końcu zrobiony"),
    ];

    const keys = extractThemes(comments).map((theme) => theme.key);

    expect(keys).toContain("reset hasl");
    expect(keys).not.toContain("hasl");
    expect(keys).toContain("reset");
  });

  it("links each theme to the responses behind it and samples their text", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, { ...ALL, sampleSize: 2 });
    const texts = new Map(SERVICE_DESK_COMMENTS.map((comment) => [comment.id, comment.text]));

    for (const theme of themes) {
      expect(theme.count).toBe(new Set(theme.responseIds).size);
      expect(theme.sample).toEqual(theme.responseIds.slice(0, 2).map((id) => texts.get(id)));
    }
  });

  it("counts a response once however often it repeats a theme", () => {
    const comments = [
      enComment("a", "VPN, VPN, VPN again"),
      enComment("a", "VPN duplicate delivery"),
      enComment("b", "vpn"),
    ];

    const [vpn] = extractThemes(comments);

    expect(vpn).toMatchObject({ key: "vpn", count: 2, responseIds: ["a", "b"] });
  });

  it("restricts to a service and a period", () => {
    const themes = extractThemes(SERVICE_DESK_COMMENTS, {
      ...ALL,
      service: "Remote access",
      from: "2025-06-01",
      to: "2025-06-30",
    });

    expect(themes[0]?.key).toBe("vpn");
    expect(themes[0]?.responseIds).toEqual(["c04", "c19", "c25", "c27", "c43"]);
  });

  it("honours minSupport and maxThemes", () => {
    const strict = extractThemes(SERVICE_DESK_COMMENTS, { minSupport: 4, maxThemes: 1000 });
    const few = extractThemes(SERVICE_DESK_COMMENTS, { minSupport: 2, maxThemes: 3 });

    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((theme) => theme.count >= 4)).toBe(true);
    expect(few).toHaveLength(3);
    expect(few).toEqual(extractThemes(SERVICE_DESK_COMMENTS, ALL).slice(0, 3));
  });

  it("returns no themes for no comments", () => {
    expect(extractThemes([])).toEqual([]);
  });

  it("rejects options that make no sense", () => {
    expect(() => extractThemes([], { minSupport: 0 })).toThrow(DomainError);
    expect(() => extractThemes([], { maxThemes: -1 })).toThrow(DomainError);
    expect(() => extractThemes([], { coverage: 1.5 })).toThrow(DomainError);
  });
});
