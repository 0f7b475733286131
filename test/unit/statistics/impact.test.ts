import { describe, expect, it } from "vitest";
import {
  assessImpact,
  impactWindows,
  type ProportionCount,
  sampleSizePerGroup,
} from "../../../functions/src/domain/statistics/index.js";
import { drawPositive, mulberry32 } from "./seeded-random.js";

/** Draws a before and an after window of n responses each at the given satisfaction rates. */
function simulateWindows(seed: number, n: number, beforeRate: number, afterRate: number) {
  const random = mulberry32(seed);
  const before: ProportionCount = { positive: drawPositive(random, n, beforeRate), n };
  const after: ProportionCount = { positive: drawPositive(random, n, afterRate), n };
  return { before, after };
}

describe("Impact windows", () => {
  it("ends the before window the day before go-live and starts the after window once settled", () => {
    const windows = impactWindows("2025-03-10");

    expect(windows).toEqual({
      before: { from: "2025-01-13", to: "2025-03-09" },
      after: { from: "2025-03-24", to: "2025-05-18" },
    });
  });

  it("makes both windows weeks x 7 days long, inclusive, across a leap day", () => {
    const windows = impactWindows("2024-03-01", { weeks: 4, settlingDays: 0 });
    const days = ({ from, to }: { from: string; to: string }) =>
      (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

    expect(windows.before).toEqual({ from: "2024-02-02", to: "2024-02-29" });
    expect(days(windows.before)).toBe(28);
    expect(days(windows.after)).toBe(28);
    expect(windows.after.from).toBe("2024-03-01");
  });

  it("refuses a date that is not on the calendar", () => {
    expect(() => impactWindows("2025-02-30")).toThrow(expect.objectContaining({ code: "invalid-date" }));
    expect(() => impactWindows("10/03/2025")).toThrow(expect.objectContaining({ code: "invalid-date" }));
  });
});

describe("Sample size per window", () => {
  // By hand (Fleiss, Levin & Paik 2003, eq. 4.14 without continuity correction), 0.50 -> 0.55, alpha 0.05, power 0.8:
  // p-bar = 0.525; 1.95996 x sqrt(2 x 0.525 x 0.475) = 1.38417; 0.84162 x sqrt(0.25 + 0.2475) = 0.59363;
  // n = ((1.38417 + 0.59363) / 0.05)^2 = 1564.7, so 1565 per group.
  it("needs 1565 per group to detect 0.50 -> 0.55 at alpha 0.05 with 80% power", () => {
    expect(sampleSizePerGroup(0.5, 0.05, 0.05, 0.8)).toBe(1565);
  });

  it("needs more responses for a smaller effect or more power", () => {
    expect(sampleSizePerGroup(0.8, 0.03)).toBeGreaterThan(sampleSizePerGroup(0.8, 0.05));
    expect(sampleSizePerGroup(0.8, 0.05, 0.05, 0.9)).toBeGreaterThan(
      sampleSizePerGroup(0.8, 0.05, 0.05, 0.8),
    );
  });

  it("looks downward when an upward effect would leave [0, 1]", () => {
    expect(sampleSizePerGroup(0.98, 0.05)).toBeGreaterThan(0);
  });
});

describe("Initiative impact", () => {
  it("credits a planted improvement on the target when the comparison stays flat", () => {
    const target = simulateWindows(1, 2000, 0.78, 0.86);
    const comparison = simulateWindows(2, 20_000, 0.8, 0.8);

    const result = assessImpact({ target, comparison });

    expect(result.verdict).toBe("improved");
    expect(result.judgedOn).toBe("difference-in-differences");
    expect(result.differenceInDifferences?.estimate).toBeGreaterThan(0.05);
    expect(result.differenceInDifferences?.pValue).toBeLessThan(0.05);
  });

  it("does not credit the target with a rise the whole organisation shared", () => {
    const target = simulateWindows(3, 2000, 0.78, 0.86);
    const comparison = simulateWindows(4, 20_000, 0.78, 0.86);

    const result = assessImpact({ target, comparison });

    expect(result.target.change?.significant).toBe(true);
    expect(result.verdict).toBe("no-detectable-change");
  });

  it("judges the plain change when no comparison is given", () => {
    const target = simulateWindows(5, 2000, 0.78, 0.86);

    const result = assessImpact({ target });

    expect(result.judgedOn).toBe("change");
    expect(result.differenceInDifferences).toBeNull();
    expect(result.verdict).toBe("improved");
  });

  it("reports a planted drop as worsened", () => {
    const target = simulateWindows(6, 2000, 0.85, 0.75);
    const comparison = simulateWindows(7, 20_000, 0.82, 0.82);

    expect(assessImpact({ target }).verdict).toBe("worsened");
    expect(assessImpact({ target, comparison }).verdict).toBe("worsened");
  });

  it("refuses to judge tiny samples, saying how many responses each window needs", () => {
    const target = simulateWindows(8, 40, 0.7, 0.95);

    const result = assessImpact({ target });

    expect(result.verdict).toBe("insufficient-data");
    expect(result.sampleNeeded).toBeGreaterThan(40);
    expect(result.sampleShortfall).toEqual({
      before: result.sampleNeeded - 40,
      after: result.sampleNeeded - 40,
    });
  });

  it("sizes the windows around the before rate", () => {
    const target = simulateWindows(9, 2000, 0.78, 0.86);

    const result = assessImpact({ target, minimumDetectableEffect: 0.03 });

    expect(result.sampleNeeded).toBe(sampleSizePerGroup(target.before.positive / 2000, 0.03, 0.05, 0.8));
  });

  it("builds the difference-in-differences interval from the four binomial variances", () => {
    const target = { before: { positive: 700, n: 1000 }, after: { positive: 800, n: 1000 } };
    const comparison = { before: { positive: 7500, n: 10_000 }, after: { positive: 7600, n: 10_000 } };
    // By hand: estimate = (0.80 - 0.70) - (0.76 - 0.75) = 0.09;
    // variance = 0.21/1000 + 0.16/1000 + 0.1875/10000 + 0.1824/10000 = 0.00040699, SE = 0.020174;
    // 95% interval 0.09 -/+ 1.95996 x 0.020174 = 0.05046 to 0.12954; z = 4.4611.

    const did = assessImpact({ target, comparison }).differenceInDifferences;

    expect(did?.estimate).toBeCloseTo(0.09, 12);
    expect(did?.low).toBeCloseTo(0.05046, 4);
    expect(did?.high).toBeCloseTo(0.12954, 4);
    expect(did?.z).toBeCloseTo(4.4611, 3);
  });

  it("has nothing to judge when a comparison window is empty", () => {
    const target = simulateWindows(10, 2000, 0.78, 0.86);
    const comparison = { before: { positive: 0, n: 0 }, after: { positive: 10, n: 20 } };

    const result = assessImpact({ target, comparison });

    expect(result.differenceInDifferences).toBeNull();
    expect(result.verdict).toBe("insufficient-data");
  });

  it("refuses parameters outside (0, 1)", () => {
    const target = simulateWindows(11, 100, 0.8, 0.8);

    expect(() => assessImpact({ target, alpha: 0 })).toThrow(
      expect.objectContaining({ code: "invalid-impact-parameters" }),
    );
  });
});
