import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { ImportHistory } from "../../app/responses/import-history.js";
import { HISTORY_COLUMNS, HISTORY_IMPORT_LIMITS } from "../../domain/responses/history-csv.js";
import { requireRole } from "../auth.js";
import { problem } from "../errors.js";
import { jsonOk, problemContent, staffProblems } from "./problem-schema.js";

const Ticket = z.object({ line: z.number().int(), source: z.string(), ticketId: z.string() });
const HistoryImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int().openapi({ description: "Data rows in the file" }),
    imported: z.number().int().openapi({ description: "Responses stored by this request (0 in a dry run)" }),
    accepted: z.array(Ticket).openapi({ description: "Rows that are (or, in a dry run, would be) stored" }),
    alreadyPresent: z.array(Ticket).openapi({
      description: "Rows whose source and ticket Pulse already holds: skipped, never counted twice",
    }),
    rejected: z.array(
      z.object({
        line: z.number().int(),
        errors: z.array(z.object({ field: z.string(), message: z.string() })),
      }),
    ),
    ignoredColumns: z.array(z.string()).openapi({ description: "Headers that are not history columns" }),
  })
  .openapi("HistoryImportReport");

const MIB = HISTORY_IMPORT_LIMITS.maxBytes / (1024 * 1024);

// A body in another format would be read as CSV and rejected row by row; naming the header is the clearer answer.
const requireCsv = createMiddleware(async (c, next) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "text/csv") {
    return problem(c, 415, "The body must be a CSV file sent as text/csv", {
      errors: [{ field: "content-type", message: `expected text/csv, got ${type || "nothing"}` }],
    });
  }
  await next();
});

/** `POST /api/v1/responses/import`: past responses from another survey tool, checked in a dry run, stored whole. */
export function registerResponseImportRoutes(
  app: OpenAPIHono,
  deps: { importHistory: ImportHistory; verifyStaff: StaffTokenVerifier },
) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/responses/import",
      summary:
        "Import past responses from a CSV: a dry run reports every row; a real import stores every row or none",
      description:
        `One row per past response, \`text/csv\` with the header ${HISTORY_COLUMNS.join(",")} ` +
        "(`source`, `ticketId`, `resolvedAt`, `respondedAt` and `score` required; times ISO 8601 with a zone; " +
        "`slaBreached` true/false; `locale` pl or en). Up to " +
        `${HISTORY_IMPORT_LIMITS.maxRows.toLocaleString("en-GB")} rows and ${MIB} MiB. ` +
        "`dryRun=true` (the default) stores nothing and reports each row accepted, already present or rejected " +
        "(line, field, message). `dryRun=false` stores nothing if any row is rejected (422 with the rows); " +
        "otherwise every new row, each with its ticket record and its aggregates in one transaction, so the same " +
        "file again (or a retry after a failure) stores only what is missing. Idempotent on source + ticketId; " +
        "no requester address is stored.",
      tags: ["Feedback"],
      security: [{ bearer: [] }],
      "x-pulse-role": "head",
      // The body is read whole, so it is capped once the caller is known to be allowed to send it.
      middleware: [
        requireRole(deps.verifyStaff, "head"),
        requireCsv,
        bodyLimit({
          maxSize: HISTORY_IMPORT_LIMITS.maxBytes,
          onError: (c) =>
            problem(c, 413, `The file is larger than ${MIB} MiB; split it`, {
              errors: [{ field: "file", message: `larger than ${MIB} MiB` }],
            }),
        }),
      ] as const,
      request: {
        query: z.object({ dryRun: z.enum(["true", "false"]).default("true") }),
        body: { content: { "text/csv": { schema: z.string() } }, required: true },
      },
      responses: {
        ...jsonOk("Dry-run report", HistoryImportReportSchema),
        201: {
          description: "Imported",
          content: { "application/json": { schema: HistoryImportReportSchema } },
        },
        ...staffProblems,
        413: {
          description: `More than ${HISTORY_IMPORT_LIMITS.maxRows} rows or ${MIB} MiB`,
          content: problemContent,
        },
        415: { description: "Not text/csv", content: problemContent },
        422: { description: "Rows rejected; nothing imported", content: problemContent },
      },
    }),
    async (c) => {
      const dryRun = c.req.valid("query").dryRun === "true";
      const report = await deps.importHistory(await c.req.text(), { dryRun });
      return c.json(report, dryRun ? 200 : 201);
    },
  );
}
