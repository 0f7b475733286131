import * as z from "zod/mini";
import { staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";

const AuditEntrySchema = named(
  z.object({
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: described(
      z.string(),
      "responses.read, follow-ups.read, register.export, digest.export, requester.export, requester.erase, settings.change",
    ),
    target: described(z.string(), "The path asked for; a requester named only by a keyed hash"),
    clientAddress: z.string(),
    userAgent: z.string(),
  }),
  "AuditEntry",
);

const AuditLogSchema = named(z.object({ month: z.string(), entries: z.array(AuditEntrySchema) }), "AuditLog");

/** The audit log of staff actions on personal data; the API offers no way to change it. */
export const auditContracts = {
  readAuditLog: defineRoute({
    operationId: "readAuditLog",
    method: "get",
    path: "/api/v1/audit",
    summary: "Staff actions on personal data in one month, newest first (kept two years)",
    tags: ["Audit"],
    role: "head",
    query: z.object({
      month: z.optional(
        described(
          z.string().check(z.regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, "a month yyyy-mm")),
          "Default: the current month",
        ),
      ),
    }),
    responses: { 200: { description: "The month's audit log", schema: AuditLogSchema }, ...staffProblems },
  }),
} as const;
