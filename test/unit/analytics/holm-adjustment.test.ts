import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holmAdjust } from "../../../functions/src/app/analytics/holm-adjustment.js";

const pValue = fc.double({ min: 0, max: 1, noNaN: true });
const pValues = fc.array(fc.option(pValue, { nil: null }), { maxLength: 40 });

/** Holm's procedure as Holm (1979) states it: reject in ascending order while p(k) <= alpha / (m - k + 1). */
function holmRejects(values: readonly (number | null)[], alpha: number): boolean[] {
  const order = values
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p);
  const rejected = values.map(() => false);
  for (const [k, { p, index }] of order.entries()) {
    if (p > alpha / (order.length - k)) break;
    rejected[index] = true;
  }
  return rejected;
}

describe("Holm adjustment of p-values", () => {
  // The four-hypothesis example of the Holm-Bonferroni method (Wikipedia, "Holm-Bonferroni method", Example; the same
  // arithmetic as Holm 1979, Scand J Statist 6:65-70), worked by hand: sorted 0.005, 0.01, 0.03, 0.04 are multiplied by
  // 4, 3, 2, 1 giving 0.02, 0.03, 0.06, 0.04; the running maximum turns the last into 0.06. At alpha 0.05 the
  // hypotheses with p = 0.005 and p = 0.01 are rejected, the other two are not.
  it("reproduces the textbook four-hypothesis example in the caller's order", () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);

    expect(adjusted).toHaveLength(4);
    const [a, b, c, d] = adjusted;
    expect(a).toBeCloseTo(0.03, 12);
    expect(b).toBeCloseTo(0.06, 12);
    expect(c).toBeCloseTo(0.06, 12);
    expect(d).toBeCloseTo(0.02, 12);
  });

  it("caps an adjusted p-value at 1 and carries the cap to larger raw values", () => {
    // Hand-worked: sorted 0.3, 0.4, 0.5 times 3, 2, 1 gives 0.9, 0.8, 0.5; the running maximum makes all 0.9.
    expect(holmAdjust([0.5, 0.3, 0.4])).toEqual([
      expect.closeTo(0.9, 12),
      expect.closeTo(0.9, 12),
      expect.closeTo(0.9, 12),
    ]);
    // 0.6 times 2 would be 1.2: capped.
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });

  it("leaves null entries null and counts only the present p-values as the family", () => {
    const adjusted = holmAdjust([null, 0.01, null, 0.02]);

    expect(adjusted[0]).toBeNull();
    expect(adjusted[2]).toBeNull();
    // m = 2, not 4: 0.01 * 2 and 0.02 * 1, then the running maximum.
    expect(adjusted[1]).toBeCloseTo(0.02, 12);
    expect(adjusted[3]).toBeCloseTo(0.02, 12);
  });

  it("returns a single p-value unchanged and an empty family as empty", () => {
    expect(holmAdjust([0.037])).toEqual([0.037]);
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([null])).toEqual([null]);
  });

  it("never makes an adjusted p-value smaller than its raw p-value or larger than 1", () => {
    fc.assert(
      fc.property(pValues, (values) => {
        const adjusted = holmAdjust(values);
        values.forEach((p, index) => {
          const q = adjusted[index];
          if (p === null) expect(q).toBeNull();
          else {
            expect(q).not.toBeNull();
            expect(q as number).toBeGreaterThanOrEqual(p);
            expect(q as number).toBeLessThanOrEqual(1);
          }
        });
      }),
    );
  });

  it("keeps adjusted p-values in the same order as the raw p-values", () => {
    fc.assert(
      fc.property(pValues, (values) => {
        const adjusted = holmAdjust(values);
        for (let i = 0; i < values.length; i += 1) {
          for (let j = 0; j < values.length; j += 1) {
            const pi = values[i];
            const pj = values[j];
            if (pi === null || pi === undefined || pj === null || pj === undefined || pi > pj) continue;
            expect(adjusted[i] as number).toBeLessThanOrEqual(adjusted[j] as number);
          }
        }
      }),
    );
  });

  it("never adjusts below the smallest p-value times the family size, nor above Bonferroni", () => {
    fc.assert(
      fc.property(pValues, (values) => {
        const present = values.filter((p): p is number => p !== null);
        const adjusted = holmAdjust(values);
        values.forEach((p, index) => {
          if (p === null) return;
          expect(adjusted[index] as number).toBeLessThanOrEqual(Math.min(1, p * present.length) + 1e-12);
          expect(adjusted[index] as number).toBeGreaterThanOrEqual(
            Math.min(1, Math.min(...present) * present.length) - 1e-12,
          );
        });
      }),
    );
  });

  it("flags at alpha exactly the hypotheses that Holm's step-down test rejects at alpha", () => {
    fc.assert(
      fc.property(pValues, fc.double({ min: 0.001, max: 0.2, noNaN: true }), (values, alpha) => {
        const adjusted = holmAdjust(values);
        const rejected = holmRejects(values, alpha);
        values.forEach((p, index) => {
          if (p === null) return;
          const q = adjusted[index] as number;
          // Floating-point products can land a hair either side of alpha; such borderline cases decide nothing.
          if (Math.abs(q - alpha) < 1e-12) return;
          expect(q <= alpha).toBe(rejected[index]);
        });
      }),
    );
  });
});
