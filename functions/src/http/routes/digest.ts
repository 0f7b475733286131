import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { BuildMonthlyDigest } from "../../app/digest/build-monthly-digest.js";
import { renderDigestCsv } from "../../app/digest/render-digest-csv.js";
import { renderDigestHtml } from "../../app/digest/render-digest-html.js";
import type { MonthlyDigestMail } from "../../app/digest/send-monthly-digest.js";
import type { Role, StaffUser } from "../../domain/roles.js";
import { requireRole } from "../auth.js";
import { jsonOk, staffProblems } from "./problem-schema.js";
import { isSupportedYear } from "./query-schemas.js";

const DIGEST_FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(html|csv)$/;
// The digest is also an email, so its styles are inline attributes; it runs no script and loads nothing.
const DIGEST_HTML_HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};
const RecipientsSchema = z
  .object({ recipients: z.array(z.string().trim().min(3).max(254)).max(50) })
  .openapi("DigestRecipients");

function actorName(c: Context): string {
  return (c.var as { user?: StaffUser }).user?.name ?? "unknown";
}

/** The monthly digest as HTML or CSV, and who receives it by email. */
export function registerDigestRoutes(
  app: OpenAPIHono,
  deps: {
    buildDigest: BuildMonthlyDigest;
    digestMail: MonthlyDigestMail;
    verifyStaff: StaffTokenVerifier;
    organisationName: string;
  },
) {
  const allow = (role: Role) => ({ middleware: [requireRole(deps.verifyStaff, role)], "x-pulse-role": role });
  const security = [{ bearer: [] }];

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/digest/{file}",
      summary: "A month's digest: `/api/v1/digest/2026-11.html` or `/api/v1/digest/2026-11.csv`",
      tags: ["Digest"],
      security,
      ...allow("analyst"),
      request: {
        params: z.object({
          file: z
            .string()
            .regex(DIGEST_FILE, "a month and a format, e.g. 2026-11.html or 2026-11.csv")
            .refine((file) => isSupportedYear(file.slice(0, 4)), "a month in the years 2000 to 2100")
            .openapi({ example: "2026-11.html" }),
        }),
      },
      responses: {
        200: {
          description: "The digest",
          content: { "text/html": { schema: z.string() }, "text/csv": { schema: z.string() } },
        },
        ...staffProblems,
      },
    }),
    async (c) => {
      const [, month, format] = DIGEST_FILE.exec(c.req.valid("param").file) as unknown as [
        string,
        string,
        string,
      ];
      const digest = await deps.buildDigest(month);
      if (format === "csv") {
        return c.body(renderDigestCsv(digest), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="pulse-digest-${month}.csv"`,
          "x-content-type-options": "nosniff",
        });
      }
      return c.html(renderDigestHtml(digest, deps.organisationName), 200, DIGEST_HTML_HEADERS);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/settings/digest",
      summary: "Who receives the monthly digest (heads)",
      tags: ["Digest"],
      security,
      ...allow("head"),
      responses: {
        200: { description: "The recipients", content: { "application/json": { schema: RecipientsSchema } } },
        ...staffProblems,
      },
    }),
    async (c) => c.json({ recipients: await deps.digestMail.getRecipients() }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/settings/digest",
      summary: "Set who receives the monthly digest (heads)",
      tags: ["Digest"],
      security,
      ...allow("head"),
      request: { body: { content: { "application/json": { schema: RecipientsSchema } } } },
      responses: {
        ...jsonOk("The stored recipients", RecipientsSchema),
        ...staffProblems,
      },
    }),
    async (c) => {
      const recipients = await deps.digestMail.setRecipients(c.req.valid("json").recipients, actorName(c));
      return c.json({ recipients }, 200);
    },
  );
}
