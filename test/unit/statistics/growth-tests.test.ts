import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../functions/src/domain/statistics/benjamini-hochberg.js";
import { fisherGrowthPValue, logGamma } from "../../../functions/src/domain/statistics/fisher-exact.js";

describe("Fisher exact test of a rise", () => {
  it("gives Fisher's lady-tasting-tea p-value (3 of 4 against 1 of 4: 17/70)", () => {
    const p = fisherGrowthPValue({ previous: { x: 1, n: 4 }, current: { x: 3, n: 4 } });

    expect(p).toBeCloseTo(17 / 70, 10);
  });

  it("matches the exact hypergeometric tail summed in rational arithmetic", () => {
    // P(X >= 9), X ~ Hypergeometric(25, 13, 12) = 7085/208012; P(X >= 7), X ~ Hypergeometric(400, 10, 100).
    expect(fisherGrowthPValue({ previous: { x: 4, n: 13 }, current: { x: 9, n: 12 } })).toBeCloseTo(
      7085 / 208012,
      12,
    );
    expect(fisherGrowthPValue({ previous: { x: 3, n: 300 }, current: { x: 7, n: 100 } })).toBeCloseTo(
      8517479402 / 2738149255403,
      12,
    );
  });

  it("says 1 when nothing is mentioned now", () => {
    expect(fisherGrowthPValue({ previous: { x: 5, n: 10 }, current: { x: 0, n: 10 } })).toBe(1);
  });

  it("computes the log-gamma of factorials exactly enough", () => {
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe("Benjamini–Hochberg adjustment", () => {
  it("reproduces the adjusted p-values of the 15 tests in Benjamini and Hochberg (1995)", () => {
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];

    const adjusted = benjaminiHochberg(p);

    // At q = 0.05 the paper rejects the four smallest.
    expect(adjusted.filter((q) => q <= 0.05)).toHaveLength(4);
    expect(adjusted[0]).toBeCloseTo(0.0015, 4);
    expect(adjusted[3]).toBeCloseTo(0.035625, 6);
    expect(adjusted[4]).toBeCloseTo(0.0603, 4);
    expect(adjusted[14]).toBe(1);
  });

  it("keeps the input's order and never lowers a p-value", () => {
    const p = [0.04, 0.01, 0.03, 0.02];

    const adjusted = benjaminiHochberg(p);

    expect(adjusted).toEqual([0.04, 0.04, 0.04, 0.04]);
    for (const [index, q] of adjusted.entries()) expect(q).toBeGreaterThanOrEqual(p[index] ?? 0);
  });
});
