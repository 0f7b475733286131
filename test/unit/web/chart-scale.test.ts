import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  linearScale,
  shareFloor,
  shareTicks,
  spreadIndexes,
} from "../../../web/src/components/chart-scale.js";

describe("Linear chart scale", () => {
  it("maps the ends of the domain onto the ends of the range and the middle onto the middle", () => {
    const y = linearScale([0, 1], [200, 0]);

    expect(y(0)).toBe(200);
    expect(y(1)).toBe(0);
    expect(y(0.5)).toBe(100);
    expect(y(0.85)).toBeCloseTo(30, 10);
  });

  it("extrapolates beyond the domain along the same line", () => {
    const x = linearScale([10, 20], [0, 100]);

    expect(x(25)).toBe(150);
    expect(x(5)).toBe(-50);
  });

  it("maps an empty domain onto the range start instead of dividing by zero", () => {
    const x = linearScale([3, 3], [40, 240]);

    expect(x(3)).toBe(40);
    expect(Number.isFinite(x(4))).toBe(true);
  });

  it("keeps the order of values when the range runs forwards", () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(value, value, value, value, (d0, width, a, b) => {
        fc.pre(Math.abs(width) > 1e-3);
        const x = linearScale([d0, d0 + Math.abs(width)], [0, 500]);
        if (a < b) expect(x(a)).toBeLessThanOrEqual(x(b));
      }),
    );
  });
});

describe("Share axis ticks", () => {
  it("steps by ten points over a wide range", () => {
    expect(shareTicks(0, 1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it("steps by five points over a narrow range, starting at the first step not below the low end", () => {
    expect(shareTicks(0.62, 0.9)).toEqual([0.65, 0.7, 0.75, 0.8, 0.85, 0.9]);
  });

  it("includes both ends when they fall on a step despite floating-point sums", () => {
    // 0.7 / 0.05 is 13.999999999999998 in binary floating point.
    expect(shareTicks(0.7, 1)).toEqual([0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]);
  });

  it("never prints a negative zero", () => {
    expect(Object.is(shareTicks(-0.01, 0.2)[0], -0)).toBe(false);
    expect(shareTicks(-0.01, 0.2)[0]).toBe(0);
  });

  it("gives evenly spaced ticks inside the range, rounded to a thousandth", () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(share, share, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const step = high - low > 0.45 ? 0.1 : 0.05;
        const ticks = shareTicks(low, high);

        for (const tick of ticks) {
          expect(tick).toBeGreaterThanOrEqual(low - 1e-3);
          expect(tick).toBeLessThanOrEqual(high + 1e-3);
          expect(Math.round(tick * 1000) / 1000).toBe(tick);
        }
        for (let i = 1; i < ticks.length; i += 1) {
          expect((ticks[i] as number) - (ticks[i - 1] as number)).toBeCloseTo(step, 6);
        }
        // No step-sized gap is left empty at either end.
        const first = ticks[0] ?? Number.POSITIVE_INFINITY;
        const last = ticks.at(-1) ?? Number.NEGATIVE_INFINITY;
        if (high - low >= step) {
          expect(first - low).toBeLessThan(step + 1e-6);
          expect(high - last).toBeLessThan(step + 1e-6);
        }
      }),
    );
  });
});

describe("Share axis floor", () => {
  it("rounds down to a tenth at least two points below the lowest value", () => {
    expect(shareFloor([0.91, 0.87, null])).toBe(0.8);
    expect(shareFloor([0.81])).toBe(0.7);
    expect(shareFloor([0.75, undefined, 0.99])).toBe(0.7);
  });

  it("never goes below zero", () => {
    expect(shareFloor([0.01, 0.5])).toBe(0);
  });

  it("starts at zero when there is nothing to show", () => {
    expect(shareFloor([])).toBe(0);
    expect(shareFloor([null, undefined, Number.NaN])).toBe(0);
  });
});

describe("Spread of axis label indexes", () => {
  it("keeps every index when there are no more items than labels", () => {
    expect(spreadIndexes(4, 6)).toEqual([0, 1, 2, 3]);
    expect(spreadIndexes(0, 6)).toEqual([]);
  });

  it("spreads labels evenly with the first and last item", () => {
    expect(spreadIndexes(11, 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(spreadIndexes(10, 4)).toEqual([0, 3, 6, 9]);
  });

  it("gives exactly the asked number of distinct, ascending indexes within the items", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.integer({ min: 2, max: 40 }), (length, count) => {
        const indexes = spreadIndexes(length, count);

        expect(indexes).toHaveLength(Math.min(length, count));
        expect(indexes[0]).toBe(0);
        expect(indexes.at(-1)).toBe(length - 1);
        for (let i = 1; i < indexes.length; i += 1) {
          expect(indexes[i] as number).toBeGreaterThan(indexes[i - 1] as number);
        }
      }),
    );
  });
});
