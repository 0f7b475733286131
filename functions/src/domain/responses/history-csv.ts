import { localDay } from "../calendar.js";
import { readCsvRecords } from "../csv-records.js";
import { DIMENSIONS, type DimensionValues } from "../dimensions.js";
import { DomainError } from "../errors.js";
import { isIsoDateTime } from "../initiatives/iso-dates.js";
import { MAX_COMMENT_LENGTH } from "../rating.js";
import type { Score } from "../survey.js";

/** The columns of a history file, one row per past response, as survey tools export them. */
export const HISTORY_COLUMNS = [
  "source",
  "ticketId",
  "resolvedAt",
  "respondedAt",
  "score",
  "comment",
  "locale",
  ...DIMENSIONS,
] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** The largest file one import takes: enough for a year of a large service desk, small enough to check in memory. */
export const HISTORY_IMPORT_LIMITS = { maxRows: 10_000, maxBytes: 5 * 1024 * 1024 } as const;

/** One past response, checked: what the aggregates and the response listing need, and no requester address. */
export interface HistoryRow {
  line: number;
  /** Lower-cased, as intake stores it: `FEAT` and `feat` name one ticket source. */
  source: string;
  /** The source as the file spelled it, when that differs: responses imported before sources were lower-cased. */
  sourceAsWritten?: string | undefined;
  ticketId: string;
  resolvedAt: string;
  respondedAt: string;
  /** The organisation-local day of resolution, the bucket the response counts in (as for live ratings). */
  day: string;
  score: Score;
  comment: string | undefined;
  locale: "pl" | "en";
  dimensions: DimensionValues;
}

export interface HistoryFieldError {
  field: string;
  message: string;
}

export interface HistoryPlan {
  accepted: HistoryRow[];
  rejected: Array<{ line: number; errors: HistoryFieldError[] }>;
  /** Headers that are not history columns; their cells are not imported (a requester's email among them). */
  ignored: string[];
}

const REQUIRED: readonly HistoryColumn[] = ["source", "ticketId", "resolvedAt", "respondedAt", "score"];
const DIMENSION_COLUMNS = [
  "service",
  "category",
  "assignmentGroup",
  "agent",
  "supplier",
  "priority",
  "channel",
] as const;
const MAX_TEXT = 200;
const TRUE = new Set(["true", "yes", "1", "tak", "y", "t"]);
const FALSE = new Set(["false", "no", "0", "nie", "n", "f"]);

/**
 * Reads a history CSV and sorts its rows into accepted responses and rejected lines with each bad field named,
 * storing nothing. A file that cannot be read at all (not CSV, required columns missing, too many rows) throws a
 * `validation` or `import-too-large` DomainError naming the file or the columns.
 */
export function planHistoryImport(csvText: string, options: { timeZone: string; now: Date }): HistoryPlan {
  const records = readCsvRecords(csvText);
  const header = records[0];
  if (header === undefined) {
    throw new DomainError("validation", "The file is empty: it needs a header row and one row per response", {
      fields: [{ field: "file", message: "no header row" }],
    });
  }
  const index = new Map<HistoryColumn, number>();
  const ignored: string[] = [];
  header.cells.forEach((name, position) => {
    const column = HISTORY_COLUMNS.find((known) => known.toLowerCase() === name.trim().toLowerCase());
    if (column === undefined) {
      if (name.trim() !== "") ignored.push(name);
    } else if (index.has(column)) {
      throw new DomainError("validation", `The column ${column} appears twice in the header`, {
        fields: [{ field: column, message: "appears twice in the header" }],
      });
    } else index.set(column, position);
  });
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new DomainError("validation", `The file lacks the required columns ${missing.join(", ")}`, {
      fields: missing.map((field) => ({ field, message: "required column missing from the header" })),
    });
  }
  const rows = records.slice(1).filter((record) => record.cells.some((cell) => cell.trim() !== ""));
  if (rows.length > HISTORY_IMPORT_LIMITS.maxRows) {
    throw new DomainError(
      "import-too-large",
      `The file holds ${rows.length} rows; one import takes at most ${HISTORY_IMPORT_LIMITS.maxRows}, so split it`,
      { fields: [{ field: "file", message: `more than ${HISTORY_IMPORT_LIMITS.maxRows} rows` }] },
    );
  }

  const plan: HistoryPlan = { accepted: [], rejected: [], ignored };
  const firstLine = new Map<string, number>();
  for (const record of rows) {
    const cell = (column: HistoryColumn) => {
      const position = index.get(column);
      return position === undefined ? "" : (record.cells[position] ?? "").trim();
    };
    const result = readRow(cell, record.line, options);
    if (!result.ok) {
      plan.rejected.push({ line: record.line, errors: result.errors });
      continue;
    }
    const identity = `${result.row.source}\u0000${result.row.ticketId}`;
    const earlier = firstLine.get(identity);
    if (earlier !== undefined) {
      plan.rejected.push({
        line: record.line,
        errors: [{ field: "ticketId", message: `the same source and ticket are already on line ${earlier}` }],
      });
      continue;
    }
    firstLine.set(identity, record.line);
    plan.accepted.push(result.row);
  }
  return plan;
}

type RowResult = { ok: true; row: HistoryRow } | { ok: false; errors: HistoryFieldError[] };

function readRow(
  cell: (column: HistoryColumn) => string,
  line: number,
  options: { timeZone: string; now: Date },
): RowResult {
  const errors: HistoryFieldError[] = [];
  const fail = (field: HistoryColumn, message: string) => errors.push({ field, message });
  const text = (column: HistoryColumn, required: boolean, max = MAX_TEXT): string | undefined => {
    const value = cell(column);
    if (value === "") {
      if (required) fail(column, "is required");
      return undefined;
    }
    if (value.length > max) fail(column, `is longer than ${max} characters`);
    return value;
  };
  const instant = (column: "resolvedAt" | "respondedAt"): Date | undefined => {
    const value = cell(column);
    if (value === "") return void fail(column, "is required");
    if (!isIsoDateTime(value)) {
      return void fail(column, `"${value}" is not an ISO 8601 time with a zone, e.g. 2026-11-20T14:03:00Z`);
    }
    const when = new Date(value);
    if (when.getTime() > options.now.getTime()) return void fail(column, "lies in the future");
    return when;
  };

  const source = text("source", true, 100);
  const ticketId = text("ticketId", true);
  const resolvedAt = instant("resolvedAt");
  const respondedAt = instant("respondedAt");
  if (resolvedAt && respondedAt && respondedAt < resolvedAt) fail("respondedAt", "is before resolvedAt");
  const scoreText = cell("score");
  const score = Number(scoreText);
  if (scoreText === "") fail("score", "is required");
  else if (!(Number.isInteger(score) && score >= 1 && score <= 5))
    fail("score", `"${scoreText}" is not a whole number from 1 to 5`);
  const comment = text("comment", false, MAX_COMMENT_LENGTH);
  const localeText = cell("locale").toLowerCase();
  const locale =
    localeText === "" || localeText.startsWith("en") ? "en" : localeText.startsWith("pl") ? "pl" : null;
  if (locale === null) fail("locale", `"${cell("locale")}" is neither Polish (pl) nor English (en)`);
  const dimensions: DimensionValues = {};
  for (const column of DIMENSION_COLUMNS) {
    const value = text(column, false);
    if (value !== undefined) dimensions[column] = value;
  }
  const sla = cell("slaBreached").toLowerCase();
  if (TRUE.has(sla)) dimensions.slaBreached = "breached";
  else if (FALSE.has(sla)) dimensions.slaBreached = "met";
  else if (sla !== "") fail("slaBreached", `"${cell("slaBreached")}" is not true or false`);

  if (errors.length > 0 || !source || !ticketId || !resolvedAt || !respondedAt || locale === null) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    row: {
      line,
      source: source.toLowerCase(),
      sourceAsWritten: source === source.toLowerCase() ? undefined : source,
      ticketId,
      resolvedAt: resolvedAt.toISOString(),
      respondedAt: respondedAt.toISOString(),
      day: localDay(resolvedAt, options.timeZone),
      score: score as Score,
      comment,
      locale,
      dimensions,
    },
  };
}
