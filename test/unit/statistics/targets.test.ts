import { describe, expect, it } from "vitest";
import {
  impactRank,
  judgeAgainstTarget,
  MIN_JUDGED_RESPONSES,
  wilsonInterval,
} from "../../../functions/src/domain/statistics/index.js";

describe("Judging csat against a target", () => {
  it("is on track when the estimate meets the target", () => {
    const judgement = judgeAgainstTarget({ positive: 90, n: 100 }, 0.85);

    expect(judgement.status).toBe("on-track");
    expect(judgement.actual).toBe(0.9);
    expect(judgement.gap).toBeCloseTo(-0.05, 12);
  });

  it("counts an estimate exactly at the target as on track", () => {
    expect(judgeAgainstTarget({ positive: 51, n: 60 }, 0.85).status).toBe("on-track");
  });

  it("says too few responses, not on track or off track, for one happy or one unhappy response", () => {
    const happy = judgeAgainstTarget({ positive: 1, n: 1 }, 0.85);
    const unhappy = judgeAgainstTarget({ positive: 0, n: 1 }, 0.85);

    expect(happy.status).toBe("too-few-responses");
    expect(unhappy.status).toBe("too-few-responses");
    // The figures are still shown, with the interval that says why no verdict is given.
    expect(happy.actual).toBe(1);
    expect(unhappy.ci?.high).toBeGreaterThan(0.7);
  });

  it("judges a cell once it holds the minimum number of responses, and not one response before", () => {
    expect(judgeAgainstTarget({ positive: 29, n: MIN_JUDGED_RESPONSES - 1 }, 0.85).status).toBe(
      "too-few-responses",
    );
    expect(judgeAgainstTarget({ positive: 30, n: MIN_JUDGED_RESPONSES }, 0.85).status).toBe("on-track");
    expect(judgeAgainstTarget({ positive: 5, n: MIN_JUDGED_RESPONSES }, 0.85).status).toBe("off-track");
  });

  it("is at risk when the estimate falls short but the interval still reaches the target", () => {
    const judgement = judgeAgainstTarget({ positive: 82, n: 100 }, 0.85);

    expect(judgement.ci?.high).toBeGreaterThan(0.85);
    expect(judgement.status).toBe("at-risk");
    expect(judgement.gap).toBeCloseTo(0.03, 12);
  });

  it("is off track when even the top of the interval falls short", () => {
    const judgement = judgeAgainstTarget({ positive: 700, n: 1000 }, 0.85);

    expect(judgement.ci?.high).toBeLessThan(0.85);
    expect(judgement.status).toBe("off-track");
  });

  it("reports no data, not a shortfall, when nobody answered", () => {
    expect(judgeAgainstTarget({ positive: 0, n: 0 }, 0.85)).toEqual({
      actual: null,
      ci: null,
      target: 0.85,
      gap: null,
      status: "no-data",
    });
  });

  it("reports the Wilson interval it judged by", () => {
    const { ci } = judgeAgainstTarget({ positive: 82, n: 100 }, 0.85);
    const interval = wilsonInterval(82, 100);

    expect(ci).toEqual({ low: interval?.low, high: interval?.high });
  });

  it("refuses a target outside [0, 1]", () => {
    expect(() => judgeAgainstTarget({ positive: 1, n: 2 }, 85)).toThrow(
      expect.objectContaining({ code: "invalid-target" }),
    );
  });
});

describe("Impact rank", () => {
  it("weighs the shortfall by volume, so a large team slightly short outranks a tiny one far short", () => {
    const largeTeam = impactRank(1000, 0.8, 0.85);
    const tinyTeam = impactRank(20, 0.5, 0.85);

    expect(largeTeam).toBeCloseTo(50, 9);
    expect(tinyTeam).toBeCloseTo(7, 9);
    expect(largeTeam).toBeGreaterThan(tinyTeam);
  });

  it("is zero at or above the target and without data", () => {
    expect(impactRank(500, 0.85, 0.85)).toBe(0);
    expect(impactRank(500, 0.95, 0.85)).toBe(0);
    expect(impactRank(0, null, 0.85)).toBe(0);
  });
});
