import * as z from "zod/mini";
import { HISTORY_COLUMNS, HISTORY_IMPORT_LIMITS } from "../../domain/responses/history-csv.js";
import { problemOf, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { integer } from "./common.js";

/** The largest history file, in MiB, as the API words it. */
export const HISTORY_IMPORT_MIB = HISTORY_IMPORT_LIMITS.maxBytes / (1024 * 1024);

const Ticket = z.object({ line: integer(), source: z.string(), ticketId: z.string() });

const HistoryImportReportSchema = named(
  z.object({
    dryRun: z.boolean(),
    rows: described(integer(), "Data rows in the file"),
    imported: described(integer(), "Responses stored by this request (0 in a dry run)"),
    accepted: described(z.array(Ticket), "Rows that are (or, in a dry run, would be) stored"),
    alreadyPresent: described(
      z.array(Ticket),
      "Rows whose source and ticket Pulse already holds: skipped, never counted twice",
    ),
    rejected: z.array(
      z.object({
        line: integer(),
        errors: z.array(z.object({ field: z.string(), message: z.string() })),
      }),
    ),
    ignoredColumns: described(z.array(z.string()), "Headers that are not history columns"),
  }),
  "HistoryImportReport",
);

/** Past responses brought over from another survey tool. */
export const responseImportContracts = {
  importResponseHistory: defineRoute({
    operationId: "importResponseHistory",
    method: "post",
    path: "/api/v1/responses/import",
    summary:
      "Import past responses from a CSV: a dry run reports every row; a real import stores every row or none",
    description:
      `One row per past response, \`text/csv\` with the header ${HISTORY_COLUMNS.join(",")} ` +
      "(`source`, `ticketId`, `resolvedAt`, `respondedAt` and `score` required; times ISO 8601 with a zone; " +
      "`slaBreached` true/false; `locale` pl or en). Up to " +
      `${HISTORY_IMPORT_LIMITS.maxRows.toLocaleString("en-GB")} rows and ${HISTORY_IMPORT_MIB} MiB. ` +
      "`dryRun=true` (the default) stores nothing and reports each row accepted, already present or rejected " +
      "(line, field, message). `dryRun=false` stores nothing if any row is rejected (422 with the rows); " +
      "otherwise every new row, each with its ticket record and its aggregates in one transaction, so the same " +
      "file again (or a retry after a failure) stores only what is missing. Idempotent on source + ticketId; " +
      "no requester address is stored.",
    tags: ["Feedback"],
    role: "head",
    query: z.object({ dryRun: z._default(z.enum(["true", "false"]), "true") }),
    body: { media: "text/csv" },
    responses: {
      200: { description: "Dry-run report", schema: HistoryImportReportSchema },
      201: { description: "Imported", schema: HistoryImportReportSchema },
      ...staffProblems,
      413: problemOf(`More than ${HISTORY_IMPORT_LIMITS.maxRows} rows or ${HISTORY_IMPORT_MIB} MiB`),
      415: problemOf("Not text/csv"),
      422: problemOf("Rows rejected; nothing imported"),
    },
  }),
} as const;
