import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../../functions/src/domain/statistics/index.js";

const counts = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((n) => fc.record({ n: fc.constant(n), positive: fc.integer({ min: 0, max: n }) }));

describe("Wilson interval", () => {
  // Newcombe R. G. (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
  // Stat Med 17:857-872, Table I, method 3 (score interval without continuity correction), 95%.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])("reproduces Newcombe's Table I for %d/%d: %f to %f", (positive, n, low, high) => {
    const interval = wilsonInterval(positive, n);

    expect(interval?.estimate).toBe(positive / n);
    expect(interval?.low).toBeCloseTo(low, 4);
    expect(interval?.high).toBeCloseTo(high, 4);
  });

  it("is null when there are no responses", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("pins the bound at exactly 0 or 1 for unanimous samples", () => {
    expect(wilsonInterval(0, 7)?.low).toBe(0);
    expect(wilsonInterval(7, 7)?.high).toBe(1);
  });

  it("contains the estimate and stays within [0, 1] for any count", () => {
    fc.assert(
      fc.property(counts, ({ positive, n }) => {
        const interval = wilsonInterval(positive, n);
        if (!interval) throw new Error("expected an interval for n > 0");
        expect(interval.low).toBeGreaterThanOrEqual(0);
        expect(interval.high).toBeLessThanOrEqual(1);
        expect(interval.low).toBeLessThanOrEqual(interval.estimate);
        expect(interval.high).toBeGreaterThanOrEqual(interval.estimate);
      }),
    );
  });

  it("narrows as n grows at a fixed proportion", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 50 }), ({ positive, n }, factor) => {
        fc.pre(n * factor <= 10_000_000);
        const small = wilsonInterval(positive, n);
        const large = wilsonInterval(positive * factor, n * factor);
        if (!small || !large) throw new Error("expected intervals for n > 0");
        expect(large.high - large.low).toBeLessThan(small.high - small.low);
      }),
    );
  });

  it("widens as the confidence level rises", () => {
    const at90 = wilsonInterval(40, 50, 0.9);
    const at99 = wilsonInterval(40, 50, 0.99);
    if (!at90 || !at99) throw new Error("expected intervals");

    expect(at99.high - at99.low).toBeGreaterThan(at90.high - at90.low);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(6, 5)).toThrow(expect.objectContaining({ code: "invalid-counts" }));
    expect(() => wilsonInterval(1.5, 5)).toThrow(expect.objectContaining({ code: "invalid-counts" }));
    expect(() => wilsonInterval(-1, 5)).toThrow(expect.objectContaining({ code: "invalid-counts" }));
  });
});
