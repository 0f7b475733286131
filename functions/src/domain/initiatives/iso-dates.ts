const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one, which settles leap years without a table.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= lastDay;
}

/** Tells whether a value is a real calendar day written as `YYYY-MM-DD` (so `2025-02-30` is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DATE.exec(value);
  if (!match) return false;
  return isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Tells whether a value is an ISO 8601 instant with a zone (`2025-03-14T09:30:00Z`, `...+01:00`). */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return false;
  return (
    isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3])) && !Number.isNaN(Date.parse(value))
  );
}

/** Tells whether a value is either a calendar day or an instant, the two shapes a register date may take. */
export function isIsoDateOrDateTime(value: unknown): value is string {
  return isIsoDate(value) || isIsoDateTime(value);
}

/** The UTC calendar day (`YYYY-MM-DD`) of an instant. */
export function utcDayOf(instant: string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The calendar day `days` after `day` (negative goes back). */
export function addCalendarDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
