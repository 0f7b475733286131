import { createHmac, timingSafeEqual } from "node:crypto";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { IntakeTicket } from "../../app/surveys/intake-ticket.js";
import { problem } from "../errors.js";
import { busyProblem, problemContent } from "./problem-schema.js";

const text = (max: number) => z.string().trim().min(1).max(max);

/** A resolved ticket as the ITSM tool sends it (the public contract). */
export const ResolvedTicketSchema = z
  .object({
    source: text(64).openapi({ example: "servicenow" }),
    ticketId: text(128).openapi({ example: "INC0012345" }),
    title: text(500).openapi({ example: "VPN drops" }),
    resolvedAt: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-20T14:03:00Z" }),
    requester: z
      .object({
        // Not validated as an address here: a ticket without a usable address is stored as skipped ("no-email").
        email: z.string().trim().max(254).optional(),
        name: z.string().trim().max(200).optional(),
        locale: z.string().trim().max(35).optional(),
      })
      .strict(),
    service: text(200).optional(),
    category: text(200).optional(),
    assignmentGroup: text(200).optional(),
    agent: text(200).optional(),
    priority: text(50).optional(),
    channel: text(50).optional(),
    slaBreached: z.boolean().optional(),
  })
  .openapi("ResolvedTicket");

const IntakeResultSchema = z
  .object({
    surveyId: z.string(),
    status: z.enum(["invited", "skipped"]),
    reason: z
      .enum(["no-email", "opted-out", "throttled", "sampled-out", "requester-is-agent", "undeliverable"])
      .optional(),
  })
  .openapi("IntakeResult");

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

const route = createRoute({
  method: "post",
  path: "/api/v1/tickets/resolved",
  summary: "Report a resolved ticket; Pulse invites its requester to rate the resolution",
  tags: ["Intake"],
  request: {
    headers: z.object({
      "x-pulse-timestamp": z
        .string()
        .openapi({ example: "1763647380", description: "Unix seconds, within ±5 minutes" }),
      "x-pulse-signature": z
        .string()
        .openapi({ example: "sha256=9f86d0...", description: 'HMAC-SHA256 of "<timestamp>.<raw body>"' }),
    }),
    body: { content: { "application/json": { schema: ResolvedTicketSchema } }, required: true },
  },
  responses: {
    202: {
      description: "Invited or skipped, with the reason",
      content: { "application/json": { schema: IntakeResultSchema } },
    },
    400: { description: "Invalid body", content: problemContent },
    401: { description: "Bad signature, or a timestamp more than 5 minutes off", content: problemContent },
    ...busyProblem,
    413: {
      description: "Body too large",
      content: problemContent,
    },
  },
});

/** POST /api/v1/tickets/resolved: the signed webhook from the ITSM tool. */
export function registerIntakeRoutes(
  app: OpenAPIHono,
  deps: { intakeTicket: IntakeTicket; intakeSecret: string },
) {
  app.use(
    route.path,
    bodyLimit({
      maxSize: MAX_INTAKE_BYTES,
      onError: (c) => problem(c, 413, "The request body is too large"),
    }),
  );
  app.use(route.path, verifySignature(deps.intakeSecret));
  app.openapi(route, async (c) => {
    const result = await deps.intakeTicket(c.req.valid("json"));
    return c.json(result, 202);
  });
}
