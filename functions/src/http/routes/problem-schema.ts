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

/** The problem responses shared by every staff endpoint. */
export const staffProblems = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
  401: {
    description: "No valid bearer token",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  403: { description: "Role too low", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;
