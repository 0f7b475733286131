import { type Interval, MIN_JUDGED_RESPONSES, type SatisfactionBucket } from "../../api/types.js";
import type { TrendPoint } from "../../components/trend-chart.js";
import type { I18n } from "../../i18n/i18n.js";
import { isPartialBucket } from "../overview/periods.js";

/** A bucket's start as people say it: a day, a month, or a quarter. */
export function bucketLabel(start: string, interval: Interval | string, i18n: I18n): string {
  if (interval === "month") return i18n.date(start, "month");
  if (interval === "quarter") {
    const month = Number(start.slice(5, 7));
    return `Q${Math.floor((month - 1) / 3) + 1} ${start.slice(0, 4)}`;
  }
  return i18n.date(start);
}

/** Turns API buckets into chart points, marking small samples and, given the range, the partial buckets. */
export function toTrendPoints(
  buckets: readonly SatisfactionBucket[],
  interval: Interval | string,
  i18n: I18n,
  range?: { from: string; to: string; today: string },
): TrendPoint[] {
  return buckets.map((bucket) => ({
    start: bucket.start,
    label: bucketLabel(bucket.start, interval, i18n),
    short:
      interval === "day" || interval === "week"
        ? i18n.date(bucket.start, "short")
        : bucketLabel(bucket.start, interval, i18n),
    value: bucket.csat,
    low: bucket.ci?.low ?? null,
    high: bucket.ci?.high ?? null,
    ucl: bucket.control.ucl,
    lcl: bucket.control.lcl,
    signals: bucket.control.signals,
    n: bucket.n,
    small: bucket.n > 0 && bucket.n < MIN_JUDGED_RESPONSES,
    partial: range ? isPartialBucket(bucket.start, interval, range, range.today) : false,
  }));
}

/** Today in the browser's calendar as YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A calendar day moved by whole days. */
export function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
