import { isIsoDate } from "../initiatives/iso-dates.js";

/**
 * Working-day arithmetic for follow-up deadlines. Days are read in UTC: a case opened late on a Friday evening in
 * Warsaw is still a Friday in UTC, and the hour or two of drift near midnight does not move a two-day promise.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Tells whether a calendar day (`YYYY-MM-DD`) is Monday to Friday and not in the holiday list. */
export function isWorkingDay(day: string, holidays: readonly string[] = []): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(day);
}

/**
 * The instant `days` working days after `from`, at the same time of day: each weekend day or holiday on the way
 * is skipped, so Friday 14:00 plus 2 working days is Tuesday 14:00, and Saturday 10:00 plus 2 is Tuesday 10:00.
 */
export function addWorkingDays(from: string, days: number, holidays: readonly string[] = []): string {
  if (!Number.isSafeInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number >= 0, got ${days}`);
  const bad = holidays.find((day) => !isIsoDate(day));
  if (bad !== undefined) throw new RangeError(`holidays must be YYYY-MM-DD days, got ${bad}`);
  let at = Date.parse(from);
  if (Number.isNaN(at)) throw new RangeError(`from must be an ISO date-time, got ${from}`);
  let remaining = days;
  while (remaining > 0) {
    at += DAY_MS;
    if (isWorkingDay(new Date(at).toISOString().slice(0, 10), holidays)) remaining -= 1;
  }
  return new Date(at).toISOString();
}
