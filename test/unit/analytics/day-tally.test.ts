import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_TALLY,
  proportionOf,
  subtractTally,
  type Tally,
  tallyDays,
} from "../../../functions/src/app/analytics/day-tally.js";
import type { DayCounts } from "../../../functions/src/app/ports.js";

function dayCounts(day: string, scores: DayCounts["scores"], invited = 0, skipped = 0): DayCounts {
  return { day, scores, invited, skipped, skippedBy: {} };
}

const count = fc.nat({ max: 1_000 });
const scores = fc.tuple(count, count, count, count, count);
const tally = fc.record({ scores, invited: count, skipped: count });

describe("Day tally", () => {
  const days = [
    dayCounts("2026-03-01", [1, 0, 0, 2, 3], 10, 1),
    dayCounts("2026-03-02", [0, 1, 1, 0, 4], 8, 0),
    dayCounts("2026-03-03", [2, 0, 0, 1, 1], 5, 2),
  ];

  it("adds up every day when no bounds are given", () => {
    expect(tallyDays(days)).toEqual({ scores: [3, 1, 1, 3, 8], invited: 23, skipped: 3 });
  });

  it("includes both bound days and leaves out the days outside them", () => {
    expect(tallyDays(days, "2026-03-02", "2026-03-03")).toEqual({
      scores: [2, 1, 1, 1, 5],
      invited: 13,
      skipped: 2,
    });
    expect(tallyDays(days, undefined, "2026-03-01")).toEqual({
      scores: [1, 0, 0, 2, 3],
      invited: 10,
      skipped: 1,
    });
    expect(tallyDays(days, "2026-03-04")).toEqual(EMPTY_TALLY);
  });

  it("gives an empty tally for no days", () => {
    expect(tallyDays([])).toEqual({ scores: [0, 0, 0, 0, 0], invited: 0, skipped: 0 });
  });

  it("splits over any day into two tallies that add up to the whole", () => {
    const series = fc.array(fc.tuple(fc.integer({ min: 1, max: 28 }), scores), { maxLength: 20 });
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 28 }), (entries, split) => {
        const list = entries.map(([d, s]) => dayCounts(`2026-02-${String(d).padStart(2, "0")}`, s, 1, 1));
        const cut = `2026-02-${String(split).padStart(2, "0")}`;
        const before = tallyDays(list, undefined, cut);
        const after = tallyDays(list, `2026-02-${String(split + 1).padStart(2, "0")}`);
        const whole = tallyDays(list);

        expect(before.scores.map((c, i) => c + (after.scores[i] ?? 0))).toEqual(whole.scores);
        expect(before.invited + after.invited).toBe(whole.invited);
        expect(before.skipped + after.skipped).toBe(whole.skipped);
      }),
    );
  });
});

describe("Tally subtraction", () => {
  it("takes a part away from the whole count by count", () => {
    const whole: Tally = { scores: [5, 4, 3, 2, 1], invited: 30, skipped: 4 };
    const part: Tally = { scores: [1, 1, 1, 1, 1], invited: 10, skipped: 1 };

    expect(subtractTally(whole, part)).toEqual({ scores: [4, 3, 2, 1, 0], invited: 20, skipped: 3 });
  });

  it("floors a count that would go negative at zero", () => {
    const whole: Tally = { scores: [1, 0, 0, 0, 0], invited: 1, skipped: 0 };
    const part: Tally = { scores: [2, 1, 0, 0, 0], invited: 3, skipped: 1 };

    expect(subtractTally(whole, part)).toEqual({ scores: [0, 0, 0, 0, 0], invited: 0, skipped: 0 });
  });

  it("gives back the rest when the part is taken from the whole it belongs to", () => {
    fc.assert(
      fc.property(tally, tally, (part, rest) => {
        const whole: Tally = {
          scores: [
            part.scores[0] + rest.scores[0],
            part.scores[1] + rest.scores[1],
            part.scores[2] + rest.scores[2],
            part.scores[3] + rest.scores[3],
            part.scores[4] + rest.scores[4],
          ],
          invited: part.invited + rest.invited,
          skipped: part.skipped + rest.skipped,
        };

        expect(subtractTally(whole, part)).toEqual(rest);
      }),
    );
  });
});

describe("Satisfied share of a tally", () => {
  it("counts fours and fives as satisfied out of all five scores", () => {
    expect(proportionOf({ scores: [1, 2, 3, 4, 5], invited: 99, skipped: 7 })).toEqual({
      positive: 9,
      n: 15,
    });
  });

  it("gives zero of zero for an empty tally", () => {
    expect(proportionOf(EMPTY_TALLY)).toEqual({ positive: 0, n: 0 });
  });
});
