import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCALES, pickLocale } from "../../../functions/src/i18n/locale.js";

describe("Picking a locale", () => {
  it.each([
    [["pl-PL"], "pl"],
    [["pl"], "pl"],
    [["PL_pl"], "pl"],
    [["en-US"], "en"],
    [["de-DE"], "en"],
    [[undefined, null, "", "pl"], "pl"],
    [["de", "pl"], "pl"],
    [["fr", "de"], "en"],
    [[], "en"],
  ] as const)("reads %j as %s", (candidates, expected) => {
    expect(pickLocale(...candidates)).toBe(expected);
  });

  it.each([
    ["pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl"],
    ["de-DE,de;q=0.9,pl;q=0.8,en;q=0.5", "pl"],
    ["en;q=0.5, pl;q=0.9", "pl"],
    ["pl;q=0, en;q=0.1", "en"],
    ["*", "en"],
    ["de;q=1, *;q=0.5", "en"],
    ["en-GB, pl", "en"],
  ] as const)("parses the Accept-Language header %j as %s", (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });

  it("prefers an explicit candidate over a later header", () => {
    expect(pickLocale("en", "pl-PL,pl;q=0.9")).toBe("en");
  });

  it("always answers a supported locale, whatever it is given", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string(), { nil: undefined })), (candidates) => {
        expect(LOCALES).toContain(pickLocale(...candidates));
      }),
    );
  });
});
