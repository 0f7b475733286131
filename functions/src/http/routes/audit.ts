import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { AuditTrail } from "../../app/audit/audit-trail.js";
import type { Clock } from "../../app/ports.js";
import { requireRole } from "../auth.js";
import { jsonOk, staffProblems } from "./problem-schema.js";

const AuditEntrySchema = z
  .object({
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.string().openapi({
      description:
        "responses.read, follow-ups.read, register.export, digest.export, requester.export, requester.erase, settings.change",
    }),
    target: z.string().openapi({ description: "The path asked for; a requester named only by a keyed hash" }),
    clientAddress: z.string(),
    userAgent: z.string(),
  })
  .openapi("AuditEntry");

const AuditPage = z.object({ month: z.string(), entries: z.array(AuditEntrySchema) }).openapi("AuditLog");

/** GET (head) of the audit log of staff actions on personal data; the API offers no way to change it. */
export function registerAuditRoutes(
  app: OpenAPIHono,
  deps: { auditTrail: AuditTrail; verifyStaff: StaffTokenVerifier; clock: Clock },
) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/audit",
      summary: "Staff actions on personal data in one month, newest first (kept two years)",
      tags: ["Audit"],
      security: [{ bearer: [] }],
      middleware: [requireRole(deps.verifyStaff, "head")],
      "x-pulse-role": "head",
      request: {
        query: z.object({
          month: z
            .string()
            .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, "a month yyyy-mm")
            .optional()
            .openapi({ description: "Default: the current month" }),
        }),
      },
      responses: { ...jsonOk("The month's audit log", AuditPage), ...staffProblems },
    }),
    async (c) => {
      const month = c.req.valid("query").month ?? deps.clock.now().toISOString().slice(0, 7);
      return c.json({ month, entries: await deps.auditTrail.month(month) }, 200);
    },
  );
}
