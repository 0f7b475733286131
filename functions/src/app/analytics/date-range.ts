import { daysBetween } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";

/** The longest range an analytics read covers: a little over three years of daily aggregates. */
export const MAX_RANGE_DAYS = 1_200;

/** Throws a validation error unless `from` <= `to` and the range is at most MAX_RANGE_DAYS long. */
export function assertRange(from: string, to: string, fields: [string, string] = ["from", "to"]): void {
  if (from > to)
    throw new DomainError("validation", `${fields[0]} must not be after ${fields[1]}`, { fields });
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw new DomainError("validation", `A range may span at most ${MAX_RANGE_DAYS} days`, { fields });
  }
}
