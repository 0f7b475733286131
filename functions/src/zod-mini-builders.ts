// zod/mini's `z.coerce` and `z.iso` are namespaces, and esbuild keeps every member of a namespace that code reaches
// through: the BigInt, Date, ISO date, time and duration schemas with their patterns, 2.4 kB that no function uses.
// These are what `z.coerce.number()` and `z.iso.datetime()` call, reached without the namespaces.
import * as z from "zod/mini";
import { _coercedNumber, _isoDateTime, type $ZodISODateTimeParams, type $ZodNumberParams } from "zod/v4/core";

/** `z.coerce.number()`: a number, from whatever `Number()` makes of the input (an environment variable, a form field). */
export function coercedNumber(params?: string | $ZodNumberParams): z.ZodMiniNumber<unknown> {
  return _coercedNumber(z.ZodMiniNumber, params);
}

/** `z.iso.datetime()`: an ISO 8601 date-time string, with the same options. */
export function isoDateTime(params?: string | $ZodISODateTimeParams): z.ZodMiniISODateTime {
  return _isoDateTime(z.ZodMiniISODateTime, params);
}
