import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import {
  normalCdf,
  normalQuantile,
  twoSidedCritical,
  twoSidedPValue,
} from "../../../functions/src/domain/statistics/index.js";

describe("Standard normal distribution", () => {
  // P(x) as tabulated in Abramowitz & Stegun (1964), Handbook of Mathematical Functions, Table 26.1 (15 decimals);
  // these and the percentage points below were re-checked with mpmath at 30 digits.
  it.each([
    [0, 0.5],
    [1, 0.841344746068543],
    [2, 0.977249868051821],
    [3, 0.99865010196837],
    [-1, 0.158655253931457],
  ])("gives P(Z <= %d) = %f as tabulated", (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 14);
  });

  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.575829303548901],
    [0.9995, 3.290526731491894],
    [0.025, -1.959963984540054],
  ])("gives the %f quantile as %f", (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 12);
  });

  it("keeps relative precision deep in the lower tail", () => {
    // P(Z <= -10) = 7.6198530241605260e-24 (mpmath, 30 digits); 1 - P(Z <= 10) would have lost every digit.
    expect(normalCdf(-10) / 7.61985302416053e-24).toBeCloseTo(1, 12);
  });

  it("round-trips a probability through the quantile and back", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 1e-12, noNaN: true }), (p) => {
        fc.pre(p > 0);
        const back = normalCdf(normalQuantile(p));
        expect(Math.abs(back - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
      }),
    );
  });

  it("round-trips a z value through the CDF and back", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 5, noNaN: true }), (x) => {
        expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 8);
      }),
    );
  });

  it("is strictly increasing wherever doubles can still tell the values apart", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 5, noNaN: true }),
        fc.double({ min: 1e-6, max: 2, noNaN: true }),
        (x, h) => {
          expect(normalCdf(x + h)).toBeGreaterThan(normalCdf(x));
        },
      ),
    );
  });

  it("returns a two-sided p-value in [0, 1] for any statistic", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (z) => {
        const p = twoSidedPValue(z);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("gives the familiar 1.96 for 95% confidence", () => {
    expect(twoSidedCritical(0.95)).toBeCloseTo(1.959963984540054, 12);
  });

  it("refuses a probability outside [0, 1] with a domain error", () => {
    expect(() => normalQuantile(1.5)).toThrow(DomainError);
    expect(() => twoSidedCritical(1)).toThrow(expect.objectContaining({ code: "invalid-confidence" }));
  });
});
