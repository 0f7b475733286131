import { describe, expect, it } from "vitest";
import { countThemeTerms, rankThemes, sumTermCounts } from "../../../functions/src/domain/themes/index.js";

describe("Theme terms counted for every comment", () => {
  it("never counts a filler word in any inflection, in Polish or English", () => {
    const terms = countThemeTerms([
      { text: "Kilka spraw do poprawy: drukarka.", score: 3, locale: "pl" },
      { text: "Sprawa z kilkoma rzeczami, znowu drukarka.", score: 2, locale: "pl" },
      { text: "Please fix the thing with the stuff, really.", score: 2, locale: "en" },
    ]);

    const keys = terms.map((term) => term.key);
    for (const filler of ["kilk", "kilkom", "spraw", "rzecz", "znow", "thing", "stuff", "pleas", "realli"]) {
      expect(keys).not.toContain(filler);
    }
    expect(keys).toContain("drukark");
  });

  it("counts two-word phrases and labels each term with its most frequent written form", () => {
    const terms = countThemeTerms([
      { text: "Drukarka nie działa.", score: 1, locale: "pl" },
      { text: "Drukarka nie działa od rana.", score: 2, locale: "pl" },
      { text: "Drukarki nie działają.", score: 3, locale: "pl" },
    ]);

    const phrase = terms.find((term) => term.key.includes(" ") && term.key.startsWith("drukark"));
    expect(phrase?.label).toBe("drukarka nie działa");
    // "Drukarki nie działają" is the same phrase inflected, so all three comments count.
    expect(phrase?.scores).toEqual([1, 1, 1, 0, 0]);
    expect(terms.find((term) => term.key === "drukark")?.scores).toEqual([1, 1, 1, 0, 0]);
  });

  it("counts a comment once per term, however often it repeats the word", () => {
    const [vpn] = countThemeTerms([{ text: "VPN, VPN, and again VPN.", score: 1, locale: "en" }]);

    expect(vpn).toMatchObject({ key: "vpn", scores: [1, 0, 0, 0, 0] });
  });

  it("sums months, keeping the written form used most often", () => {
    const [summed] = sumTermCounts([
      [{ key: "hasl", label: "hasło", labelUses: 3, scores: [0, 1, 0, 2, 0] }],
      [{ key: "hasl", label: "hasła", labelUses: 5, scores: [1, 0, 0, 0, 4] }],
    ]);

    expect(summed).toMatchObject({ label: "hasła", scores: [1, 1, 0, 2, 4] });
  });
});

describe("Ranking themes by what makes requesters unhappy", () => {
  it("ranks a theme of unhappy comments above a neutral one of similar size", () => {
    const ranked = rankThemes([
      { key: "szybk", label: "szybko", labelUses: 12, scores: [0, 0, 1, 4, 7] },
      { key: "vpn", label: "VPN", labelUses: 10, scores: [4, 3, 1, 1, 1] },
    ]);

    expect(ranked.map((theme) => theme.label)).toEqual(["VPN", "szybko"]);
    expect(ranked[0]).toMatchObject({ count: 10, lowCount: 7, lowShare: 0.7 });
  });

  it("uses the follow-up threshold for what counts as low", () => {
    const [theme] = rankThemes([{ key: "vpn", label: "VPN", labelUses: 4, scores: [1, 1, 1, 1, 0] }], {
      lowAtMost: 3,
    });

    expect(theme).toMatchObject({ lowCount: 3, lowShare: 0.75 });
  });

  it("leaves out a single comment, and a word that its phrase nearly always accompanies", () => {
    const ranked = rankThemes([
      { key: "drukark", label: "drukarka", labelUses: 5, scores: [5, 0, 0, 0, 0] },
      { key: "drukark nie_dział", label: "drukarka nie działa", labelUses: 5, scores: [5, 0, 0, 0, 0] },
      { key: "toner", label: "toner", labelUses: 1, scores: [1, 0, 0, 0, 0] },
    ]);

    expect(ranked.map((theme) => theme.label)).toEqual(["drukarka nie działa"]);
  });
});
