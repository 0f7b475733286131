import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stemEnglish } from "../../../functions/src/domain/themes/index.js";

// Porter2 reference outputs (snowballstem.org sample vocabulary) for words the "-er" fold does not touch.
const PORTER2: ReadonlyArray<readonly [string, string]> = [
  ["consign", "consign"],
  ["consigned", "consign"],
  ["consigning", "consign"],
  ["consignment", "consign"],
  ["generously", "generous"],
  ["knightly", "knight"],
  ["caresses", "caress"],
  ["ponies", "poni"],
  ["ties", "tie"],
  ["cats", "cat"],
  ["feed", "feed"],
  ["agreed", "agre"],
  ["hopping", "hop"],
  ["hoping", "hope"],
  ["happy", "happi"],
  ["relational", "relat"],
  ["conditional", "condit"],
  ["rational", "ration"],
  ["communication", "communic"],
  ["triplicate", "triplic"],
  ["formative", "format"],
  ["hopefulness", "hope"],
  ["goodness", "good"],
  ["revival", "reviv"],
  ["allowance", "allow"],
  ["adjustment", "adjust"],
  ["adoption", "adopt"],
  ["skies", "sky"],
  ["dying", "die"],
  ["news", "news"],
  ["gas", "gas"],
  ["gaps", "gap"],
  ["kiwis", "kiwi"],
  ["cries", "cri"],
  ["controlling", "control"],
  ["generate", "generat"],
];

// Each row: forms of one word that must share a stem.
const FAMILIES: ReadonlyArray<readonly string[]> = [
  ["printers", "printer", "printing", "printed", "prints"],
  ["connection", "connections", "connecting", "connected"],
  ["replies", "replied", "reply", "replying"],
  ["emails", "email", "emailed"],
  ["passwords", "password"],
  ["works", "working", "worked", "work"],
  ["fixed", "fixing", "fix", "fixes"],
  ["scanner", "scanning", "scanned"],
  ["slower", "slow", "slowed"],
  ["laptops", "laptop"],
  ["updates", "updated", "updating", "update"],
  ["helpful", "helpfulness", "help", "helped"],
];

describe("English stemmer", () => {
  it.each(PORTER2)("stems %s to the Porter2 stem %s", (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it.each(FAMILIES.map((forms) => [forms[0], forms] as const))(
    "gives every form of %s one stem",
    (_, forms) => {
      const stems = new Set(forms.map(stemEnglish));

      expect([...stems]).toHaveLength(1);
    },
  );

  it("keeps a short agent noun whole rather than folding its -er", () => {
    expect(stemEnglish("user")).toBe("user");
    expect(stemEnglish("users")).toBe("user");
  });

  it("keeps unrelated words apart", () => {
    expect(stemEnglish("printer")).not.toBe(stemEnglish("password"));
    expect(stemEnglish("slow")).not.toBe(stemEnglish("slot"));
  });

  it("never returns a stem longer than the word", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,14}$/), (word) => {
        expect(stemEnglish(word).length).toBeLessThanOrEqual(word.length);
      }),
    );
  });
});
