import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCounts,
  NO_SCORES,
  type ScoreCounts,
  summariseScores,
  wilsonInterval,
} from "../../../functions/src/domain/statistics/index.js";

const scoreCounts = fc.tuple(
  fc.nat(10_000),
  fc.nat(10_000),
  fc.nat(10_000),
  fc.nat(10_000),
  fc.nat(10_000),
) as fc.Arbitrary<ScoreCounts>;

describe("Score summary", () => {
  it("counts 4 and 5 as satisfied and averages the scores", () => {
    const summary = summariseScores([1, 2, 3, 4, 10], 40);

    expect(summary.n).toBe(20);
    expect(summary.positive).toBe(14);
    expect(summary.csat).toBe(0.7);
    // (1x1 + 2x2 + 3x3 + 4x4 + 5x10) / 20 = 80 / 20
    expect(summary.mean).toBe(4);
    expect(summary.distribution).toEqual({ "1": 1, "2": 2, "3": 3, "4": 4, "5": 10 });
    expect(summary.invited).toBe(40);
    expect(summary.responseRate).toBe(0.5);
  });

  it("carries the Wilson 95% interval of csat", () => {
    const summary = summariseScores([1, 2, 3, 4, 10]);
    const interval = wilsonInterval(14, 20);

    expect(summary.ci).toEqual({ low: interval?.low, high: interval?.high });
  });

  it("reports null, never NaN, for an empty bucket", () => {
    const summary = summariseScores(NO_SCORES, 0);

    expect(summary).toEqual({
      n: 0,
      positive: 0,
      csat: null,
      mean: null,
      ci: null,
      distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
      invited: 0,
      responseRate: null,
    });
  });

  it("has no response rate when invitations are unknown", () => {
    expect(summariseScores([0, 0, 0, 1, 1]).responseRate).toBeNull();
    expect(summariseScores([0, 0, 0, 1, 1]).invited).toBeNull();
  });

  it("keeps csat and mean within their ranges for any counts", () => {
    fc.assert(
      fc.property(scoreCounts, (counts) => {
        const summary = summariseScores(counts);
        if (summary.n === 0) return;
        expect(summary.csat).toBeGreaterThanOrEqual(0);
        expect(summary.csat).toBeLessThanOrEqual(1);
        expect(summary.mean).toBeGreaterThanOrEqual(1);
        expect(summary.mean).toBeLessThanOrEqual(5);
      }),
    );
  });

  it("refuses negative or fractional counts", () => {
    expect(() => summariseScores([1, -1, 0, 0, 0])).toThrow(
      expect.objectContaining({ code: "invalid-counts" }),
    );
    expect(() => summariseScores([1, 0.5, 0, 0, 0])).toThrow(
      expect.objectContaining({ code: "invalid-counts" }),
    );
    expect(() => summariseScores([1, 0, 0, 0, 0], -3)).toThrow(
      expect.objectContaining({ code: "invalid-counts" }),
    );
  });
});

describe("Adding score counts", () => {
  it("adds score by score", () => {
    expect(addCounts([1, 2, 3, 4, 5], [10, 0, 0, 1, 2])).toEqual([11, 2, 3, 5, 7]);
  });

  it("rolls up days into the same summary as one bucket holding them all", () => {
    fc.assert(
      fc.property(scoreCounts, scoreCounts, (a, b) => {
        const rolled = summariseScores(addCounts(a, b));
        expect(rolled.n).toBe(summariseScores(a).n + summariseScores(b).n);
        expect(rolled.positive).toBe(summariseScores(a).positive + summariseScores(b).positive);
      }),
    );
  });
});
