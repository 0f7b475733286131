import { describe, expect, it } from "vitest";
import {
  detectLocale,
  normaliseText,
  tokenize,
  tokenizeClauses,
} from "../../../functions/src/domain/themes/index.js";

describe("Comment normalisation", () => {
  it("lower-cases with the locale and keeps every Polish letter", () => {
    expect(tokenize("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "pl")).toEqual(["zażółć", "gęślą", "jaźń"]);
  });

  it("composes decomposed letters (NFC) so both spellings give one token", () => {
    const decomposed = "dzia\u0142a drukarke\u0328";

    expect(tokenize(decomposed, "pl")).toEqual(["działa", "drukarkę"]);
  });

  it("removes links, e-mail addresses, ticket numbers and numbers", () => {
    const text =
      "See https://status.example.com/x?y=1 and www.example.pl, mail jan.kowalski@firma.pl about INC0012345 or RITM-77, 3 days";

    expect(tokenize(text, "en")).toEqual(["see", "and", "mail", "about", "or", "days"]);
  });

  it("spells out English contractions so the negation survives", () => {
    expect(tokenize("It doesn't work, I can't log in and it won't print", "en")).toEqual([
      "it",
      "does",
      "not",
      "work",
      "i",
      "can",
      "not",
      "log",
      "in",
      "and",
      "it",
      "will",
      "not",
      "print",
    ]);
  });

  it("glues word-internal hyphens so loanwords stay one word", () => {
    expect(tokenize("Bez VPN-a i wi-fi", "pl")).toEqual(["bez", "vpna", "i", "wifi"]);
  });

  it("splits clauses at punctuation so phrases never cross a comma", () => {
    expect(tokenizeClauses("Drukarka nie działa, technik przyszedł. Dzięki!", "pl")).toEqual([
      ["drukarka", "nie", "działa"],
      ["technik", "przyszedł"],
      ["dzięki"],
    ]);
  });

  it("returns nothing for a comment without words", () => {
    expect(tokenize("  123 !!! https://example.com ", "en")).toEqual([]);
    expect(normaliseText("", "pl")).toBe("");
  });
});

describe("Locale detection", () => {
  it.each([
    ["Drukarka nie działa", "pl"],
    ["Nie dziala drukowanie w ogole", "pl"],
    ["jest ok, dzieki za szybko", "pl"],
    ["The printer is not working", "en"],
    ["Thanks, very quick fix", "en"],
    ["VPN", "en"],
  ] as const)("reads %j as %s", (text, locale) => {
    expect(detectLocale(text)).toBe(locale);
  });
});
