import * as z from "zod/mini";
import { addDays, FIRST_DAY, isSupportedDay, LAST_DAY } from "../../domain/calendar.js";
import { isStorableNumber, STORABLE_NUMBER_MESSAGE } from "../../domain/storable-number.js";
import { described } from "../contract/route.js";

/** A number a client sends, held to what DynamoDB and the domain keep exactly (see storable-number.ts). */
export const storableNumber = () => z.number().check(z.refine(isStorableNumber, STORABLE_NUMBER_MESSAGE));

/** A whole number a client sends. */
export const integer = () => z.number().check(z.int());

/** A calendar day written as `YYYY-MM-DD`, within the years Pulse supports. */
export const isoDay = () =>
  z
    .string()
    .check(
      z.maxLength(10),
      z.refine(isSupportedDay, `must be a calendar day as YYYY-MM-DD from ${FIRST_DAY} to ${LAST_DAY}`),
    );

/** Whether a year (`2026`) lies within the days the API accepts. */
export function isSupportedYear(year: string): boolean {
  return year >= FIRST_DAY.slice(0, 4) && year <= LAST_DAY.slice(0, 4);
}

/** The optional day range of the read APIs, resolved by `dayRange`. */
export const rangeQuery = () => ({
  from: z.optional(described(isoDay(), "First day, inclusive (default: 89 days before `to`)")),
  to: z.optional(described(isoDay(), "Last day, inclusive (default: today in the organisation's time zone)")),
});

/** Fills in a `rangeQuery`'s defaults: `to` is today, `from` the 89 days before `to`, so 90 days in all. */
export function dayRange(from: string | undefined, to: string | undefined, today: () => string) {
  const end = to ?? today();
  return { from: from ?? addDays(end, -89), to: end };
}

/** A Wilson interval of csat, null without ratings. */
export const IntervalSchema = z.nullable(z.object({ low: z.number(), high: z.number() }));

/** The headline figures every satisfaction summary starts with. */
export const summaryCounts = () => ({
  n: integer(),
  positive: integer(),
  csat: described(z.nullable(z.number()), "Share of 4 and 5"),
  mean: z.nullable(z.number()),
  ci: described(z.nullable(z.object({ low: z.number(), high: z.number() })), "Wilson 95% interval of csat"),
});

/** A path's `{id}` parameter. */
export const IdParams = z.object({ id: z.string().check(z.maxLength(100)) });

/** An optional `expectedVersion`: the version the client last read, for optimistic concurrency. */
export const expectedVersion = () => z.optional(z.number().check(z.int(), z.minimum(1)));
