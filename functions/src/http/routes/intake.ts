import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
// zod/mini: the public function validates intake without zod's method-rich classes; the staff API documents these
// same schemas (intake-docs.ts), so the contract is written once.
import * as z from "zod/mini";
import type { IntakeTicket } from "../../app/surveys/intake-ticket.js";
import { SKIP_REASONS } from "../../domain/survey.js";
import { isoDateTime } from "../../zod-mini-builders.js";
import { checkRequestPart, problem } from "../errors.js";

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A resolved ticket as the ITSM tool sends it (the public contract). */
export const ResolvedTicketSchema = z.object({
  // Examples and descriptions for the document are added by intake-docs.ts, which the public function never loads.
  source: text(64),
  ticketId: text(128),
  title: text(500),
  resolvedAt: isoDateTime({ offset: true }),
  // The ticket's page in the ITSM tool, so that staff working a follow-up can open the record it came from.
  ticketUrl: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))),
  requester: z.strictObject({
    // Not validated as an address here: a ticket without a usable address is stored as skipped ("no-email").
    email: z.optional(z.string().check(z.trim(), z.maxLength(254))),
    name: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    locale: z.optional(z.string().check(z.trim(), z.maxLength(35))),
  }),
  service: z.optional(text(200)),
  category: z.optional(text(200)),
  assignmentGroup: z.optional(text(200)),
  agent: z.optional(text(200)),
  supplier: z.optional(text(200)),
  priority: z.optional(text(50)),
  channel: z.optional(text(50)),
  slaBreached: z.optional(z.boolean()),
});

/** What intake answers: the survey, and whether its requester was invited or why not. */
export const IntakeResultSchema = z.object({
  surveyId: z.string(),
  status: z.enum(["invited", "skipped"]),
  reason: z.optional(z.enum(SKIP_REASONS)),
});

/** The signature headers, as intake requires them. */
export const IntakeHeadersSchema = z.object({
  "x-pulse-timestamp": z.string(),
  "x-pulse-signature": z.string(),
});

/** The intake operation's path, shared with its OpenAPI description. */
export const INTAKE_PATH = "/api/v1/tickets/resolved";

const MAX_INTAKE_BYTES = 64 * 1024;

/** How far a delivery's timestamp may stand from this server's clock: a captured delivery replays for no longer. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Checks `X-Pulse-Timestamp: <unix seconds>` and `X-Pulse-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw
 * body>">` before anything reads the body. Wall-clock time, not the product's clock: it bounds a replay in transit.
 */
export function verifySignature(secret: string, now: () => number = Date.now): MiddlewareHandler {
  return async (c, next) => {
    const stamp = (c.req.header("x-pulse-timestamp") ?? "").trim();
    if (!/^\d{1,12}$/.test(stamp)) {
      return problem(c, 401, "X-Pulse-Timestamp is missing or malformed; expected Unix seconds", {
        errors: [{ field: "X-Pulse-Timestamp", message: "expected the Unix time in seconds" }],
      });
    }
    if (Math.abs(now() / 1000 - Number(stamp)) > SIGNATURE_TOLERANCE_SECONDS) {
      return problem(c, 401, "X-Pulse-Timestamp is more than 5 minutes from the current time", {
        errors: [{ field: "X-Pulse-Timestamp", message: "outside ±5 minutes of the current time" }],
      });
    }
    const header = c.req.header("x-pulse-signature") ?? "";
    const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
    if (!match?.[1])
      return problem(c, 401, "X-Pulse-Signature is missing or malformed; expected sha256=<hex>", {
        errors: [{ field: "X-Pulse-Signature", message: "expected sha256=<hex>" }],
      });
    const raw = await c.req.text();
    const expected = createHmac("sha256", secret).update(`${stamp}.${raw}`).digest();
    const given = Buffer.from(match[1], "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return problem(c, 401, "X-Pulse-Signature does not match the timestamp and body", {
        errors: [{ field: "X-Pulse-Signature", message: "does not match" }],
      });
    }
    await next();
  };
}

/**
 * The body, read as Hono's validator reads JSON (which would bring 2 kB of form and cookie readers into the public
 * function for this one route): a body not declared as JSON is checked as `{}`, and malformed JSON is a 400.
 */
async function jsonBody(c: Context): Promise<unknown> {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!/^application\/([\w.-]+\+)?json$/i.test(mediaType)) return {};
  try {
    return await c.req.json();
  } catch {
    throw new HTTPException(400, { message: "Malformed JSON in request body" });
  }
}

/** POST /api/v1/tickets/resolved: the signed webhook from the ITSM tool. */
export function registerIntakeRoutes<E extends Env>(
  app: Hono<E>,
  deps: { intakeTicket: IntakeTicket; intakeSecret: string },
) {
  app.use(
    INTAKE_PATH,
    bodyLimit({
      maxSize: MAX_INTAKE_BYTES,
      onError: (c) => problem(c, 413, "The request body is too large"),
    }),
  );
  app.use(INTAKE_PATH, verifySignature(deps.intakeSecret));
  app.post(INTAKE_PATH, async (c) => {
    const headers = checkRequestPart(c, "header", IntakeHeadersSchema, c.req.header());
    if (headers instanceof Response) return headers;
    const ticket = checkRequestPart(c, "json", ResolvedTicketSchema, await jsonBody(c));
    if (ticket instanceof Response) return ticket;
    const result: z.output<typeof IntakeResultSchema> = await deps.intakeTicket(ticket);
    return c.json(result, 202);
  });
}
