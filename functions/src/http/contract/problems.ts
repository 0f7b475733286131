import * as z from "zod/mini";
import { named, type ProblemResponse } from "./route.js";

/**
 * RFC 9457 problem details, with the fields a request got wrong. Open to extension members, as the RFC allows: a
 * domain error adds what a client can act on (the record as it now stands after a lost version race, the steps a
 * workflow allows next, the line of a file that failed).
 */
export const ProblemSchema = named(
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.string(),
    instance: z.optional(z.string()),
    code: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  }),
  "Problem",
);

/** A problem document as a client reads it. */
export type ProblemBody = z.output<typeof ProblemSchema>;

const problemOf = (description: string): ProblemResponse => ({ description, problem: true });

/** The answer when storage stayed busy through every retry: nothing changed, and the request may be sent again. */
export const busyProblem = {
  503: {
    description: "Busy: nothing was stored; send the request again after the seconds in Retry-After",
    problem: true,
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } },
  },
} as const satisfies Record<number, ProblemResponse>;

/** The problem responses shared by every staff endpoint. */
export const staffProblems = {
  ...busyProblem,
  400: problemOf("Invalid request"),
  401: problemOf("No valid bearer token"),
  403: problemOf(
    "Role too low (`approval-required`: only a head approves an initiative above the cost threshold)",
  ),
} as const;

/** A 404 problem response, described for the route's resource. */
export const notFoundProblem = (description: string) => ({ 404: problemOf(description) }) as const;

/** A 409 problem response, described for the route's conflict. */
export const conflictProblem = (description: string) => ({ 409: problemOf(description) }) as const;

/** A problem response with any other status, described for the route. */
export { problemOf };
