import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, with the fields a request got wrong. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** The content of a problem response. */
export const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** A 200 response with a JSON body, as route declarations spell it. */
export const jsonOk = (description: string, schema: z.ZodType) => ({
  200: { description, content: { "application/json": { schema } } },
});

/** The answer when storage stayed busy through every retry: nothing changed, and the request may be sent again. */
export const busyProblem = {
  503: {
    description: "Busy: nothing was stored; send the request again after the seconds in Retry-After",
    headers: { "Retry-After": { schema: { type: "integer" as const }, description: "Seconds to wait" } },
    content: problemContent,
  },
};

/** The problem responses shared by every staff endpoint. */
export const staffProblems = {
  ...busyProblem,
  400: { description: "Invalid request", content: problemContent },
  401: {
    description: "No valid bearer token",
    content: problemContent,
  },
  403: { description: "Role too low", content: problemContent },
} as const;
