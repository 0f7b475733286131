/** Calendar arithmetic on ISO dates (YYYY-MM-DD) in the organisation's time zone; no clock reads. */
import { DomainError } from "./errors.js";

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

/** The first day a request may name: Pulse holds nothing older, and baselines reach back from here. */
export const FIRST_DAY = "2000-01-01";
/** The last day a request may name. */
export const LAST_DAY = "2100-12-31";
/**
 * The most days any range may span, whatever slipped past the edge: the supported range with room for a baseline
 * before it, so that no loop over days or buckets can run unbounded.
 */
export const MAX_RANGE_DAYS = 40_000;

/** Whether a string is a calendar day between FIRST_DAY and LAST_DAY, the range the API accepts. */
export function isSupportedDay(value: string): boolean {
  return isIsoDay(value) && value >= FIRST_DAY && value <= LAST_DAY;
}

// Past year 9999 toISOString writes "+010000-…", which sorts before every four-digit year and made day loops endless.
function isoOf(date: Date, from: string): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new DomainError("invalid-date", `"${from}" is not a calendar day`);
  const text = date.toISOString();
  if (!/^\d{4}-/.test(text)) {
    throw new DomainError("invalid-date", `Calendar arithmetic from "${from}" left the years 0000-9999`);
  }
  return text.slice(0, 10);
}

/** The day `days` after (or before, when negative) a day; a domain error instead of a day outside 0000-9999. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoOf(date, day);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every day from `from` to `to`, both included; a domain error for a span over MAX_RANGE_DAYS. */
export function eachDay(from: string, to: string): string[] {
  const span = daysBetween(from, to);
  if (Number.isNaN(span))
    throw new DomainError("invalid-date", `"${from}" to "${to}" is not a range of days`);
  if (span > MAX_RANGE_DAYS) {
    throw new DomainError("invalid-date", `"${from}" to "${to}" spans more than ${MAX_RANGE_DAYS} days`);
  }
  const days: string[] = [];
  for (let offset = 0; offset <= span; offset += 1) days.push(addDays(from, offset));
  return days;
}

/** Every month (YYYY-MM) from the month of `from` to the month of `to`, both included, bounded like `eachDay`. */
export function eachMonth(from: string, to: string): string[] {
  const first = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1;
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1;
  if (!Number.isInteger(first) || !Number.isInteger(last)) {
    throw new DomainError("invalid-date", `"${from}" to "${to}" is not a range of months`);
  }
  if (last - first > MAX_RANGE_DAYS / 28) {
    throw new DomainError("invalid-date", `"${from}" to "${to}" spans too many months`);
  }
  const months: string[] = [];
  for (let index = first; index <= last; index += 1) {
    const year = Math.floor(index / 12);
    if (year < 0 || year > 9999)
      throw new DomainError("invalid-date", `"${to}" lies outside the years 0000-9999`);
    months.push(`${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`);
  }
  return months;
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
  return isoOf(date, start);
}
