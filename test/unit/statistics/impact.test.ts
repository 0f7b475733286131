import { describe, expect, it } from "vitest";
import {
  assessImpact,
  compareProportions,
  groupSequentialBoundaries,
  type ImpactInput,
  impactWindows,
  MIN_WINDOW_RESPONSES,
  normalQuantile,
  type ScoreCounts,
  sampleSizePerGroup,
} from "../../../functions/src/domain/statistics/index.js";

/** Score counts with `positive` fives and the rest ones. */
function scores(positive: number, n: number): ScoreCounts {
  return [n - positive, 0, 0, 0, positive];
}

/** A closed 8-week after window whose responses came in evenly. */
function closedWindow(target: ImpactInput["target"], extra: Partial<ImpactInput> = {}): ImpactInput {
  const afterN = target.after.reduce((sum, count) => sum + count, 0);
  const afterLooks = Array.from({ length: 8 }, (_, week) => Math.round((afterN * (week + 1)) / 8));
  return { target, afterLooks, plannedLooks: 8, open: false, targetChange: 0.1, ...extra };
}

describe("Impact windows", () => {
  it("ends the before window the day before go-live and starts the after window once settled", () => {
    const windows = impactWindows("2025-03-10");

    expect(windows).toEqual({
      before: { from: "2025-01-13", to: "2025-03-09" },
      after: { from: "2025-03-24", to: "2025-05-18" },
    });
  });

  it("lets an initiative set its own before, after and settling lengths", () => {
    const windows = impactWindows("2025-03-10", { beforeWeeks: 4, afterWeeks: 12, settlingDays: 7 });

    expect(windows).toEqual({
      before: { from: "2025-02-10", to: "2025-03-09" },
      after: { from: "2025-03-17", to: "2025-06-08" },
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

describe("Group-sequential boundaries", () => {
  // The published five-look values (as in ldbounds and gsDesign): equally spaced looks, O'Brien-Fleming-type spending, two-sided alpha 0.05.
  it("reproduces the published O'Brien-Fleming-type critical values 4.877, 3.357, 2.680, 2.290, 2.031", () => {
    const critical = groupSequentialBoundaries([1, 2, 3, 4, 5], [0.2, 0.4, 0.6, 0.8, 1]);

    [4.877, 3.357, 2.68, 2.29, 2.031].forEach((value, look) => {
      expect(critical[look]).toBeCloseTo(value, 2);
    });
  });

  it("uses the fixed-sample 1.96 when there is a single look", () => {
    expect(groupSequentialBoundaries([1], [1])[0]).toBeCloseTo(1.959964, 5);
  });
});

describe("Initiative impact verdict", () => {
  it("credits a clear rise when the rest of the organisation stayed flat", () => {
    const input = closedWindow(
      { before: scores(78, 130), after: scores(104, 130) },
      { comparison: { before: scores(800, 1000), after: scores(800, 1000) } },
    );

    const result = assessImpact(input);

    expect(result.verdict).toBe("improved");
    expect(result.provisional).toBe(false);
    expect(result.change?.low).toBeGreaterThan(0);
    expect(result.differenceInDifferences?.low).toBeGreaterThan(0);
    expect(result.method).toMatchObject({ name: "group-sequential", look: 8, plannedLooks: 8 });
  });

  it("does not credit a rise that the rest of the organisation shared, though it shows the rise", () => {
    const input = closedWindow(
      { before: scores(78, 130), after: scores(104, 130) },
      { comparison: { before: scores(600, 1000), after: scores(800, 1000) } },
    );

    const result = assessImpact(input);

    expect(result.change?.low).toBeGreaterThan(0);
    expect(result.verdict).not.toBe("improved");
  });

  it("does not call a flat service worsened only because the rest improved", () => {
    const input = closedWindow(
      { before: scores(98, 130), after: scores(98, 130) },
      { comparison: { before: scores(700, 1000), after: scores(850, 1000) } },
    );

    const result = assessImpact(input);

    expect(result.differenceInDifferences?.high).toBeLessThan(0);
    expect(result.verdict).not.toBe("worsened");
  });

  it("says no detectable change only when the interval rules out a change as large as the target", () => {
    const narrow = assessImpact(closedWindow({ before: scores(1600, 2000), after: scores(1610, 2000) }));
    const wide = assessImpact(closedWindow({ before: scores(104, 130), after: scores(105, 130) }));

    expect(narrow.verdict).toBe("no-detectable-change");
    expect(narrow.change?.high).toBeLessThan(0.1);
    expect(wide.verdict).toBe("not-yet-conclusive");
    expect(wide.minimumDetectableChange).toBeGreaterThan(0.1);
    // 130 responses before go-live cap what any after window can show: 10 points stays out of reach.
    expect(wide.weeksUntilDetectable).toBeNull();
  });

  it("estimates the weeks until the target change is detectable from the current response rate", () => {
    const input: ImpactInput = {
      target: { before: scores(98, 130), after: scores(33, 48) },
      afterLooks: [16, 32, 48],
      plannedLooks: 8,
      open: true,
      targetChange: 0.15,
    };

    const result = assessImpact(input);

    expect(result.verdict).toBe("not-yet-conclusive");
    expect(result.provisional).toBe(true);
    expect(result.method.look).toBe(3);
    // The third of eight looks must clear a critical value well above 1.96.
    expect(result.method.criticalValue).toBeGreaterThan(3);
    const weeks = result.weeksUntilDetectable as number;
    expect(weeks).toBeGreaterThan(0);
    // By hand: after `weeks` more weeks at 16 a week the planned-end interval can see 15 points with 80% power.
    const later = 48 + 16 * weeks;
    const se = (n: number) => {
      const pb = 99 / 132;
      const pa = (33 * (n / 48) + 1) / (n + 2);
      return Math.sqrt((pb * (1 - pb)) / 130 + (pa * (1 - pa)) / n);
    };
    expect((1.96 + normalQuantile(0.8)) * se(later)).toBeLessThanOrEqual(0.155);
  });

  it("marks an open after window provisional and widens its interval beyond the fixed-sample 95%", () => {
    const target = { before: scores(98, 130), after: scores(40, 49) };
    const open = assessImpact({
      target,
      afterLooks: [16, 32, 49],
      plannedLooks: 8,
      open: true,
      targetChange: 0.1,
    });
    const fixed = compareProportions({ positive: 98, n: 130 }, { positive: 40, n: 49 }, 0.95);

    expect(open.provisional).toBe(true);
    expect(open.method.confidence).toBeGreaterThan(0.99);
    expect((open.change?.high ?? 0) - (open.change?.low ?? 0)).toBeGreaterThan(
      (fixed?.high ?? 0) - (fixed?.low ?? 0),
    );
  });

  it("refuses a verdict below 16 responses in a window and says why", () => {
    const result = assessImpact(closedWindow({ before: scores(10, 15), after: scores(15, 15) }));

    expect(result.verdict).toBe("insufficient-data");
    expect(result.insufficientData.minimumResponses).toBe(MIN_WINDOW_RESPONSES);
    expect(result.insufficientData.reason).toContain("16");
    expect(result.change).not.toBeNull();
  });

  it("sets the 16-response threshold where a 50-point change stops being detectable with 80% power", () => {
    const detectable = (n: number) => (1.959964 + normalQuantile(0.8)) * Math.sqrt((0.25 * 2) / n) <= 0.5;

    expect(detectable(MIN_WINDOW_RESPONSES)).toBe(true);
    expect(detectable(MIN_WINDOW_RESPONSES - 1)).toBe(false);
  });

  it("keeps a non-zero interval when a tiny service goes from 3 of 3 satisfied to 0 of 3", () => {
    const result = assessImpact(
      closedWindow(
        { before: scores(3, 3), after: scores(0, 3) },
        { comparison: { before: scores(3, 3), after: scores(3, 3) } },
      ),
    );

    expect(result.change?.estimate).toBe(-1);
    expect((result.change?.high ?? 0) - (result.change?.low ?? 0)).toBeGreaterThan(0.2);
    expect(result.meanChange && result.meanChange.high - result.meanChange.low).toBeGreaterThan(0.5);
  });

  it("builds the difference-in-differences from the two Newcombe intervals (MOVER)", () => {
    const input = closedWindow(
      { before: scores(700, 1000), after: scores(800, 1000) },
      { comparison: { before: scores(7500, 10_000), after: scores(7600, 10_000) } },
    );
    const result = assessImpact(input);
    const confidence = result.method.confidence;
    const own = compareProportions({ positive: 700, n: 1000 }, { positive: 800, n: 1000 }, confidence);
    const rest = compareProportions({ positive: 7500, n: 10_000 }, { positive: 7600, n: 10_000 }, confidence);
    if (!own || !rest) throw new Error("both comparisons exist");

    const did = result.differenceInDifferences;

    expect(did?.estimate).toBeCloseTo(0.09, 12);
    expect(did?.low).toBeCloseTo(
      0.09 - Math.hypot(own.difference - own.low, rest.high - rest.difference),
      12,
    );
    expect(did?.high).toBeCloseTo(
      0.09 + Math.hypot(own.high - own.difference, rest.difference - rest.low),
      12,
    );
    // Close to the Wald interval from the four binomial variances at this size (0.0505 to 0.1295 at 95%).
    expect(did?.low).toBeGreaterThan(0.045);
    expect(did?.high).toBeLessThan(0.135);
  });

  it("reports the change in the mean score beside the change in the share", () => {
    const before: ScoreCounts = [10, 10, 20, 50, 40];
    const after: ScoreCounts = [5, 5, 15, 55, 50];

    const result = assessImpact(closedWindow({ before, after }));

    expect(result.target.before.mean).toBeCloseTo(490 / 130, 12);
    expect(result.meanChange?.estimate).toBeCloseTo(530 / 130 - 490 / 130, 12);
    expect(result.meanChange?.low).toBeLessThan(result.meanChange?.estimate ?? 0);
  });

  it("refuses parameters outside their range", () => {
    const input = closedWindow({ before: scores(80, 100), after: scores(80, 100) });

    expect(() => assessImpact({ ...input, alpha: 0 })).toThrow(
      expect.objectContaining({ code: "invalid-impact-parameters" }),
    );
    expect(() => assessImpact({ ...input, targetChange: 0 })).toThrow(
      expect.objectContaining({ code: "invalid-impact-parameters" }),
    );
  });
});
