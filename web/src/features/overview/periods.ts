import type { Interval } from "../../api/types.js";

/** A period the targets API accepts: a year (`2026`) or a quarter (`2026-Q4`). */
const TARGET_PERIOD = /^\d{4}(-Q[1-4])?$/;

/** A period a head can pick, newest first; `running` when it has not closed yet. */
export interface PeriodChoice {
  value: string;
  running: boolean;
}

/** The quarter a day falls in, as the API spells it (2026-Q4). */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The link's period when the API would take it, else the quarter today falls in. */
export function chosenPeriod(param: string | null, today: string): string {
  return param && TARGET_PERIOD.test(param) ? param : quarterOf(today);
}

/** The quarters that have begun and the years of the last `years` years, each year after its quarters, newest first. */
export function periodChoices(today: string, years = 3): PeriodChoice[] {
  const year = Number(today.slice(0, 4));
  const current = Number(quarterOf(today).slice(6));
  const choices: PeriodChoice[] = [];
  for (let y = year; y > year - years; y--) {
    for (let q = y === year ? current : 4; q >= 1; q--) {
      choices.push({ value: `${y}-Q${q}`, running: y === year && q === current });
    }
    choices.push({ value: String(y), running: y === year });
  }
  return choices;
}

/** The last day of a month (YYYY-MM). */
export function monthEnd(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** The last day of the bucket of the given interval that starts on `start`. */
export function bucketEnd(start: string, interval: Interval | string): string {
  const shift = (day: string, days: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  if (interval === "day") return start;
  if (interval === "week") return shift(start, 6);
  if (interval === "quarter") {
    const last = Math.floor((Number(start.slice(5, 7)) - 1) / 3) * 3 + 3;
    return monthEnd(`${start.slice(0, 4)}-${String(last).padStart(2, "0")}`);
  }
  return monthEnd(start.slice(0, 7));
}

/**
 * Whether a bucket holds only part of its span: it has not ended before today, or the chosen range cuts it at either
 * end, so its figures are not comparable with a whole one.
 */
export function isPartialBucket(
  start: string,
  interval: Interval | string,
  range: { from: string; to: string },
  today: string,
): boolean {
  const end = bucketEnd(start, interval);
  return end >= today || start < range.from || end > range.to;
}

/** The newest of the months that ended before today, or null when none has. */
export function latestClosedMonth<M extends { month: string }>(
  months: readonly M[],
  today: string,
): M | null {
  return months.filter((m) => monthEnd(m.month) < today).at(-1) ?? null;
}

/** The periods a target can be set for: every quarter and the year, from next year back to last year. */
export function settableChoices(today: string): string[] {
  const year = Number(today.slice(0, 4));
  return [year + 1, year, year - 1].flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`).concat(String(y)));
}

/** The first day of the month `back` months before the month of `day`. */
export function monthsBack(day: string, back: number): string {
  const date = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 - back, 1));
  return date.toISOString().slice(0, 10);
}
