/** Calendar arithmetic on ISO dates (YYYY-MM-DD) in the organisation's time zone; no clock reads. */

export type Interval = "day" | "week" | "month" | "quarter";

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDay(instant: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/** Whether a string names a real calendar day in YYYY-MM-DD form. */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The day `days` after (or before, when negative) a day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first day of the bucket a day belongs to: ISO weeks start on Monday, quarters in January, April, July, October. */
export function bucketStart(day: string, interval: Interval): string {
  switch (interval) {
    case "day":
      return day;
    case "week": {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return addDays(day, -((weekday + 6) % 7));
    }
    case "month":
      return `${day.slice(0, 7)}-01`;
    case "quarter": {
      const month = Number(day.slice(5, 7));
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return `${day.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
    }
  }
}

/** The starts of all buckets that overlap the days from `from` to `to`. */
export function bucketStarts(from: string, to: string, interval: Interval): string[] {
  const starts: string[] = [];
  for (const day of eachDay(from, to)) {
    const start = bucketStart(day, interval);
    if (starts[starts.length - 1] !== start) starts.push(start);
  }
  return starts;
}

/** A day that is Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The start of the bucket `count` buckets after (before, when negative) the bucket that starts on `start`. */
export function shiftBucket(start: string, interval: Interval, count: number): string {
  if (interval === "day") return addDays(start, count);
  if (interval === "week") return addDays(start, 7 * count);
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + (interval === "month" ? count : 3 * count));
  return date.toISOString().slice(0, 10);
}
