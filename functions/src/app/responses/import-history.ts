import { DomainError } from "../../domain/errors.js";
import {
  type HistoryFieldError,
  type HistoryRow,
  planHistoryImport,
} from "../../domain/responses/history-csv.js";
import type { Survey } from "../../domain/survey.js";
import { ALL_SERVICES, NO_SERVICE } from "../analytics/monthly-themes.js";
import type { Clock, ResponseHistoryRepository, ThemeSnapshotRepository } from "../ports.js";
import { newId } from "../surveys/link-secrets.js";

export interface HistoryImportReport {
  dryRun: boolean;
  /** Data rows in the file (blank lines left out). */
  rows: number;
  /** Responses stored by this request: 0 in a dry run and whenever any row is rejected. */
  imported: number;
  accepted: Array<{ line: number; source: string; ticketId: string }>;
  /** Rows whose ticket Pulse already holds (imported before, or surveyed live): skipped, never counted twice. */
  alreadyPresent: Array<{ line: number; source: string; ticketId: string }>;
  rejected: Array<{ line: number; errors: HistoryFieldError[] }>;
  /** Headers that are not history columns, whose cells were not read. */
  ignoredColumns: string[];
}

const identity = (row: { source: string; ticketId: string }) => `${row.source}\u0000${row.ticketId}`;

function surveyOf(row: HistoryRow, now: Date): Survey {
  return {
    surveyId: newId(new Date(row.resolvedAt)),
    source: row.source,
    ticketId: row.ticketId,
    // The export carries no title; the ticket id is what a reader of the response list can look up.
    title: row.ticketId,
    resolvedAt: row.resolvedAt,
    day: row.day,
    // No address and no name: a past response needs neither, and storing them would be personal data to guard.
    requester: { locale: row.locale },
    dimensions: row.dimensions,
    status: "invited",
    createdAt: now.toISOString(),
    response: {
      score: row.score,
      comment: row.comment,
      reasons: [],
      mode: "deliberate",
      respondedAt: row.respondedAt,
      autoHits: [],
      changes: 0,
    },
    version: 1,
  };
}

/**
 * Imports past responses from a CSV, all or nothing: every row is checked and every ticket looked up before anything
 * is written, so a file with one bad row stores nothing. The repository then stores each new response with its
 * ticket record and its share of the aggregates in one transaction, so whether a ticket record exists is what decides
 * whether that response was counted: a write that fails part-way leaves whole responses only, and the same file sent
 * again stores exactly the rest (already stored rows are reported as already present). The theme snapshots of every
 * month and service it stored responses for are then dropped, so the next themes read includes them even in a month
 * whose snapshot was final.
 */
export function makeImportHistory(deps: {
  history: ResponseHistoryRepository;
  themes: Pick<ThemeSnapshotRepository, "expire">;
  clock: Clock;
  timeZone: string;
}) {
  return async function importHistory(
    csvText: string,
    options: { dryRun: boolean },
  ): Promise<HistoryImportReport> {
    const now = deps.clock.now();
    const plan = planHistoryImport(csvText, { timeZone: deps.timeZone, now });
    // Responses imported before sources were lower-cased are keyed by the spelling their file gave.
    const spellings = (row: HistoryRow) =>
      row.sourceAsWritten === undefined
        ? [row]
        : [row, { source: row.sourceAsWritten, ticketId: row.ticketId }];
    const found =
      plan.accepted.length > 0
        ? await deps.history.existingTickets(plan.accepted.flatMap(spellings))
        : new Set<string>();
    const present = new Set(
      plan.accepted
        .filter((row) => spellings(row).some((ticket) => found.has(identity(ticket))))
        .map(identity),
    );
    const fresh = plan.accepted.filter((row) => !present.has(identity(row)));
    const brief = (row: HistoryRow) => ({ line: row.line, source: row.source, ticketId: row.ticketId });
    const report: HistoryImportReport = {
      dryRun: options.dryRun,
      rows: plan.accepted.length + plan.rejected.length,
      imported: 0,
      accepted: fresh.map(brief),
      alreadyPresent: plan.accepted.filter((row) => present.has(identity(row))).map(brief),
      rejected: plan.rejected,
      ignoredColumns: plan.ignored,
    };
    if (options.dryRun) return report;
    if (plan.rejected.length > 0 || report.rows === 0) {
      const why =
        plan.rejected.length > 0
          ? `${plan.rejected.length} of ${report.rows} rows were rejected`
          : "the file holds no rows";
      throw new DomainError("import-rejected", `Nothing was imported: ${why}`, {
        rejected: plan.rejected,
        fields: plan.rejected.flatMap((row) =>
          row.errors.map((error) => ({ field: `line ${row.line}: ${error.field}`, message: error.message })),
        ),
      });
    }
    const byIdentity = new Map(fresh.map((row) => [identity(row), row]));
    const outcome = await deps.history.storeOnce(fresh.map((row) => surveyOf(row, now)));
    // Another request may have stored some of these tickets since the look-up; they are already present too.
    const raced = outcome.alreadyPresent.flatMap((key) => {
      const row = byIdentity.get(key);
      return row ? [brief(row)] : [];
    });
    const racedKeys = new Set(outcome.alreadyPresent);
    if (outcome.stored > 0) {
      const touched = fresh.filter((row) => !racedKeys.has(identity(row)));
      await deps.themes.expire(
        touched.flatMap((row) => [
          { month: row.day.slice(0, 7), service: row.dimensions.service ?? NO_SERVICE },
          { month: row.day.slice(0, 7), service: ALL_SERVICES },
        ]),
      );
    }
    return {
      ...report,
      imported: outcome.stored,
      accepted: report.accepted.filter((row) => !racedKeys.has(identity(row))),
      alreadyPresent: [...report.alreadyPresent, ...raced].sort((a, b) => a.line - b.line),
    };
  };
}

export type ImportHistory = ReturnType<typeof makeImportHistory>;
