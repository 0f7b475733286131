import type { ProportionCount, ScoreCounts } from "../../domain/statistics/index.js";
import type { DayCounts } from "../ports.js";

/** Score counts, invitations and skips added up over some days of one series. */
export interface Tally {
  scores: ScoreCounts;
  invited: number;
  skipped: number;
}

export const EMPTY_TALLY: Tally = { scores: [0, 0, 0, 0, 0], invited: 0, skipped: 0 };

/** Adds up the days of a series that fall between `from` and `to` (both included; the whole list without them). */
export function tallyDays(days: readonly DayCounts[], from?: string, to?: string): Tally {
  const scores = [0, 0, 0, 0, 0];
  let invited = 0;
  let skipped = 0;
  for (const day of days) {
    if ((from !== undefined && day.day < from) || (to !== undefined && day.day > to)) continue;
    day.scores.forEach((count, index) => {
      scores[index] = (scores[index] ?? 0) + count;
    });
    invited += day.invited;
    skipped += day.skipped;
  }
  return { scores: scores as unknown as ScoreCounts, invited, skipped };
}

/** What one tally holds beyond another: the rest of the organisation is overall minus the series of interest. */
export function subtractTally(whole: Tally, part: Tally): Tally {
  // Both come from the same exact aggregates, so a negative count can only be a write caught mid-flight: floor it.
  const scores = whole.scores.map((count, index) => Math.max(0, count - (part.scores[index] ?? 0)));
  return {
    scores: scores as unknown as ScoreCounts,
    invited: Math.max(0, whole.invited - part.invited),
    skipped: Math.max(0, whole.skipped - part.skipped),
  };
}

/** Satisfied responses (4 and 5) out of all responses in a tally. */
export function proportionOf(tally: Tally): ProportionCount {
  const [ones, twos, threes, fours, fives] = tally.scores;
  return { positive: fours + fives, n: ones + twos + threes + fours + fives };
}
