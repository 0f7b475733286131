import { z } from "@hono/zod-openapi";
import { addDays, FIRST_DAY, isSupportedDay, LAST_DAY } from "../../domain/calendar.js";
import { isStorableNumber, STORABLE_NUMBER_MESSAGE } from "../../domain/storable-number.js";

/** A number a client sends, held to what DynamoDB and the domain keep exactly (see storable-number.ts). */
export const storableNumber = () => z.number().refine(isStorableNumber, STORABLE_NUMBER_MESSAGE);

/** A calendar day written as `YYYY-MM-DD`, within the years Pulse supports. */
export const isoDay = z
  .string()
  .max(10)
  .refine(isSupportedDay, `must be a calendar day as YYYY-MM-DD from ${FIRST_DAY} to ${LAST_DAY}`);

/** Whether a year (`2026`) lies within the days the API accepts. */
export function isSupportedYear(year: string): boolean {
  return year >= FIRST_DAY.slice(0, 4) && year <= LAST_DAY.slice(0, 4);
}

/** The optional day range of the read APIs, resolved by `dayRange`. */
export const rangeQuery = {
  from: isoDay.optional().openapi({ description: "First day, inclusive (default: 89 days before `to`)" }),
  to: isoDay
    .optional()
    .openapi({ description: "Last day, inclusive (default: today in the organisation's time zone)" }),
};

/** Fills in a `rangeQuery`'s defaults: `to` is today, `from` the 89 days before `to`, so 90 days in all. */
export function dayRange(from: string | undefined, to: string | undefined, today: () => string) {
  const end = to ?? today();
  return { from: from ?? addDays(end, -89), to: end };
}

/** A Wilson interval of csat, null without ratings. */
export const IntervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

/** The headline figures every satisfaction summary starts with. */
export const summaryCounts = {
  n: z.number().int(),
  positive: z.number().int(),
  csat: z.number().nullable().openapi({ description: "Share of 4 and 5" }),
  mean: z.number().nullable(),
  ci: IntervalSchema.openapi({ description: "Wilson 95% interval of csat" }),
};
