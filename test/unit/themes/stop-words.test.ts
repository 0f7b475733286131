import { describe, expect, it } from "vitest";
import {
  contentWords,
  ENGLISH_STOP_WORDS,
  isStopWord,
  POLISH_STOP_WORDS,
} from "../../../functions/src/domain/themes/index.js";

const texts = (words: string, locale: "pl" | "en") =>
  contentWords(words.split(" "), locale).map((word) => word.text);

describe("Stop words and negation", () => {
  it("drops the fillers of service-desk feedback", () => {
    expect(texts("bardzo było miło i jest ok", "pl")).toEqual(["miło"]);
    expect(texts("thanks very much please fix the printer", "en")).toEqual(["fix", "printer"]);
  });

  it("joins a negator to the word it negates", () => {
    expect(texts("drukarka nie działa", "pl")).toEqual(["drukarka", "nie_działa"]);
    expect(texts("vpn not working", "en")).toEqual(["vpn", "not_working"]);
  });

  it("reaches over stop words to the negated word and keeps them in the surface form", () => {
    const [negated] = contentWords("nie dało się zalogować".split(" "), "pl");

    expect(negated).toEqual({
      text: "nie_zalogować",
      word: "zalogować",
      negation: "nie",
      surface: "nie dało się zalogować",
    });
    expect(texts("it was not very helpful", "en")).toEqual(["not_helpful"]);
  });

  it("folds English negators together and keeps 'without' apart", () => {
    expect(texts("no response never responded without issues", "en")).toEqual([
      "not_response",
      "not_responded",
      "without_issues",
    ]);
  });

  it("drops a negator with nothing to negate instead of flipping a later word", () => {
    expect(texts("działa czy nie", "pl")).toEqual(["działa"]);
    expect(texts("it is not to be", "en")).toEqual([]);
  });

  it("never lists a negator as a stop word", () => {
    for (const negator of ["nie", "bez"]) expect(isStopWord(negator, "pl")).toBe(false);
    for (const negator of ["not", "no", "never", "without"]) expect(isStopWord(negator, "en")).toBe(false);
    expect(POLISH_STOP_WORDS.has("bardzo") && ENGLISH_STOP_WORDS.has("please")).toBe(true);
  });
});
