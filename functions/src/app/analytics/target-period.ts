import { addDays } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import type { CsatTarget } from "../ports.js";

/** A target period: a year (`2026`) or a quarter (`2026-Q4`). */
export const TARGET_PERIOD_PATTERN = /^\d{4}(-Q[1-4])?$/;

/** The first and last day of a target period. */
export function periodRange(period: string): { from: string; to: string } {
  if (!TARGET_PERIOD_PATTERN.test(period)) {
    throw new DomainError("validation", `A period is a year (2026) or a quarter (2026-Q4), got "${period}"`, {
      fields: ["period"],
    });
  }
  const year = period.slice(0, 4);
  if (period.length === 4) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const quarter = Number(period.slice(6));
  const first = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(first).padStart(2, "0")}-01`;
  const next =
    quarter === 4 ? `${Number(year) + 1}-01-01` : `${year}-${String(first + 3).padStart(2, "0")}-01`;
  return { from, to: addDays(next, -1) };
}

/** The quarter and the year a day falls in, most specific first. */
export function periodsOf(day: string): [string, string] {
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return [`${day.slice(0, 4)}-Q${quarter}`, day.slice(0, 4)];
}

/**
 * The target that applies to a scope on a day: the scope's quarter target, else its year target; for a service with
 * neither, the organisation's (when `fallBackToOverall`), since a service is held to the overall goal by default.
 */
export function targetFor(
  targets: readonly CsatTarget[],
  service: string | null,
  day: string,
  fallBackToOverall = true,
): CsatTarget | undefined {
  const periods = periodsOf(day);
  const find = (scope: string | null) =>
    periods
      .map((period) => targets.find((target) => target.service === scope && target.period === period))
      .find((target) => target !== undefined);
  return find(service) ?? (service !== null && fallBackToOverall ? find(null) : undefined);
}
