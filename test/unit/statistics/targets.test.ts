import { describe, expect, it } from "vitest";
import {
  impactRank,
  judgeAgainstTarget,
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
    expect(judgeAgainstTarget({ positive: 17, n: 20 }, 0.85).status).toBe("on-track");
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
