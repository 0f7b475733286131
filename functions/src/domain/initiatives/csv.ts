import { readCsvRecords } from "../csv-records.js";
import { defuseFormula, restoreFormula, writeCsv } from "../csv-writer.js";
import { DomainError } from "../errors.js";
import {
  BENEFIT_OUTCOMES,
  type BenefitOutcome,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  type InitiativeCategory,
  type InitiativeSource,
  type InitiativeStatus,
  KPI_DIMENSIONS,
  type KpiDimension,
} from "./fields.js";
import {
  type FieldError,
  formatInitiativeId,
  type Initiative,
  type InitiativeInput,
  type KpiInput,
  parseInitiativeId,
  validateInitiativeInput,
} from "./initiative.js";
import { isIsoDate, isIsoDateTime } from "./iso-dates.js";

/**
 * The CSI register as a spreadsheet. Export writes these columns in this order; import reads what spreadsheets
 * export: headers in any case and spacing, in English or Polish, `;`, `,` or tab separated, decimal commas,
 * percentages, and dates as YYYY-MM-DD or DD.MM.YYYY. Lists (services, linked responses) are `;`-separated.
 */
export const CSV_COLUMNS = [
  "id",
  "title",
  "description",
  "source",
  "services",
  "category",
  "owner",
  "status",
  "statusReason",
  "raisedAt",
  "approvedAt",
  "startedAt",
  "implementedAt",
  "reviewedAt",
  "closedAt",
  "estimatedCost",
  "effort",
  "expectedBenefit",
  "kpiDimension",
  "kpiValue",
  "kpiBaseline",
  "kpiTarget",
  "kpiTargetDate",
  "benefitRealised",
  "benefitReason",
  "linkedResponseIds",
  "notes",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One exported row: every column, as text; the CSV writer defuses formulas, list items are defused one by one. */
export type CsvRow = Record<CsvColumn, string>;

export type RowResult =
  | { ok: true; line: number; id: string | null; input: InitiativeInput }
  | { ok: false; line: number; errors: FieldError[] };

export interface ImportPlan {
  accepted: Array<{ line: number; id: string | null; input: InitiativeInput }>;
  rejected: Array<{ line: number; errors: FieldError[] }>;
  columns: {
    /** Each header found in the file, mapped to the register column it was read as. */
    mapped: Record<string, CsvColumn>;
    /** Headers that match no register column; their cells are not imported. */
    ignored: string[];
    /** Required columns the file lacks; every row then fails on them. */
    missing: CsvColumn[];
  };
}

const REQUIRED_COLUMNS: readonly CsvColumn[] = ["title", "source", "category", "owner", "effort"];
const LIST_SEPARATOR = ";";

/** Header spellings accepted for each column, compared after `headerKey` (lower case, no accents or separators). */
const HEADER_ALIASES: Record<CsvColumn, readonly string[]> = {
  id: ["id", "identyfikator", "nr", "numer"],
  title: ["title", "name", "tytul", "nazwa"],
  description: ["description", "opis"],
  source: ["source", "zrodlo"],
  services: ["services", "service", "uslugi", "usluga"],
  category: ["category", "kategoria"],
  owner: ["owner", "wlasciciel", "odpowiedzialny"],
  status: ["status", "stan"],
  statusReason: ["statusreason", "reason", "powod", "uzasadnienie"],
  raisedAt: ["raisedat", "raised", "raiseddate", "datazgloszenia", "zgloszono"],
  approvedAt: ["approvedat", "approved", "approveddate", "datazatwierdzenia", "zatwierdzono"],
  startedAt: ["startedat", "started", "starteddate", "datarozpoczecia", "rozpoczeto"],
  implementedAt: ["implementedat", "implemented", "golive", "golivedate", "datawdrozenia", "wdrozono"],
  reviewedAt: ["reviewedat", "reviewed", "revieweddate", "dataprzegladu", "dataoceny"],
  closedAt: ["closedat", "closed", "closeddate", "datazamkniecia", "zamknieto"],
  estimatedCost: ["estimatedcost", "cost", "koszt", "szacowanykoszt"],
  effort: ["effort", "effortdays", "effortpersondays", "persondays", "naklad", "pracochlonnosc", "osobodni"],
  expectedBenefit: ["expectedbenefit", "benefit", "oczekiwanakorzysc", "korzysc"],
  kpiDimension: ["kpidimension", "dimension", "wymiarkpi", "wymiar"],
  kpiValue: ["kpivalue", "wartosckpi"],
  kpiBaseline: ["kpibaseline", "baseline", "bazakpi", "wartoscbazowa", "punktwyjscia"],
  kpiTarget: ["kpitarget", "target", "celkpi", "cel"],
  kpiTargetDate: ["kpitargetdate", "targetdate", "terminkpi", "termincelu", "datacelu"],
  benefitRealised: ["benefitrealised", "benefitrealized", "korzyscosiagnieta", "ocenakorzysci"],
  benefitReason: ["benefitreason", "powodoceny", "uzasadnienieoceny"],
  linkedResponseIds: [
    "linkedresponseids",
    "linkedresponses",
    "responses",
    "odpowiedzi",
    "powiazaneodpowiedzi",
  ],
  notes: ["notes", "note", "uwagi", "notatki"],
};

const HEADER_INDEX = new Map<string, CsvColumn>(
  CSV_COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => [alias, column] as const)),
);

const STATUS_ALIASES: Record<string, InitiativeStatus> = {
  "in-process": "in-progress",
  started: "in-progress",
  done: "implemented",
  live: "implemented",
  proponowana: "proposed",
  zaproponowana: "proposed",
  zgloszona: "proposed",
  zatwierdzona: "approved",
  zaplanowana: "planned",
  "w-toku": "in-progress",
  "w-realizacji": "in-progress",
  wdrozona: "implemented",
  oceniona: "reviewed",
  zamknieta: "closed",
  odrzucona: "rejected",
  odlozona: "deferred",
};
const SOURCE_ALIASES: Record<string, InitiativeSource> = {
  survey: "survey-feedback",
  feedback: "survey-feedback",
  "customer-feedback": "survey-feedback",
  incident: "incident-trend",
  incidents: "incident-trend",
  "incident-trends": "incident-trend",
  supplier: "supplier-review",
  "supplier-reviews": "supplier-review",
  idea: "staff-idea",
  "staff-ideas": "staff-idea",
  ankieta: "survey-feedback",
  ankiety: "survey-feedback",
  incydenty: "incident-trend",
  "trend-incydentow": "incident-trend",
  audyt: "audit",
  dostawca: "supplier-review",
  "przeglad-dostawcy": "supplier-review",
  pomysl: "staff-idea",
  "pomysl-pracownika": "staff-idea",
};
const CATEGORY_ALIASES: Record<string, InitiativeCategory> = {
  proces: "process",
  technologia: "technology",
  ludzie: "people",
  dostawca: "supplier",
};
const DIMENSION_ALIASES: Record<string, KpiDimension> = {
  all: "all",
  overall: "all",
  wszystkie: "all",
  calosc: "all",
  service: "service",
  usluga: "service",
  category: "category",
  kategoria: "category",
  assignmentgroup: "assignmentGroup",
  group: "assignmentGroup",
  grupa: "assignmentGroup",
  agent: "agent",
  technik: "agent",
  priority: "priority",
  priorytet: "priority",
  channel: "channel",
  kanal: "channel",
  slabreached: "slaBreached",
};
const BENEFIT_ALIASES: Record<string, BenefitOutcome> = {
  realized: "realised",
  yes: "realised",
  tak: "realised",
  osiagnieta: "realised",
  partial: "partly",
  partially: "partly",
  czesciowo: "partly",
  "not-realized": "not-realised",
  no: "not-realised",
  nie: "not-realised",
  "nie-osiagnieta": "not-realised",
};

/** Writes one initiative as a register row, every cell as text. */
export function initiativeToRow(initiative: Initiative): CsvRow {
  const kpi = initiative.kpi;
  return {
    id: initiative.id,
    title: initiative.title,
    description: initiative.description,
    source: initiative.source,
    services: initiative.services.map(defuseFormula).join(`${LIST_SEPARATOR} `),
    category: initiative.category,
    owner: initiative.owner,
    status: initiative.status,
    statusReason: initiative.statusReason ?? "",
    raisedAt: initiative.raisedAt,
    approvedAt: initiative.approvedAt ?? "",
    startedAt: initiative.startedAt ?? "",
    implementedAt: initiative.implementedAt ?? "",
    reviewedAt: initiative.reviewedAt ?? "",
    closedAt: initiative.closedAt ?? "",
    estimatedCost: initiative.estimatedCost === null ? "" : String(initiative.estimatedCost),
    effort: String(initiative.effort),
    expectedBenefit: initiative.expectedBenefit,
    kpiDimension: kpi?.dimension ?? "",
    kpiValue: kpi ? kpi.value : "",
    kpiBaseline: kpi ? String(kpi.baseline) : "",
    kpiTarget: kpi ? String(kpi.target) : "",
    kpiTargetDate: kpi?.targetDate ?? "",
    benefitRealised: initiative.benefitRealised?.outcome ?? "",
    benefitReason: initiative.benefitRealised?.reason ?? "",
    linkedResponseIds: initiative.linkedResponseIds.map(defuseFormula).join(`${LIST_SEPARATOR} `),
    notes: initiative.notes,
  };
}

/** Writes the register as CSV text with a header row; the UTF-8 byte-order mark makes Excel read accents right. */
export function registerToCsv(initiatives: readonly Initiative[], options: { bom?: boolean } = {}): string {
  return writeCsv(initiatives.map(initiativeToRow), {
    columns: CSV_COLUMNS,
    recordDelimiter: "\r\n",
    bom: options.bom ?? true,
  });
}

/** The register column a spreadsheet header means, or null when it means none. */
export function resolveColumn(header: string): CsvColumn | null {
  return HEADER_INDEX.get(headerKey(header)) ?? null;
}

/**
 * Reads one spreadsheet row (keyed by its headers as written) into an initiative input, or lists every problem
 * with it by column name; `lineNumber` is the row's line in the file, echoed back for the report.
 */
export function rowToInitiativeInput(row: Record<string, string>, lineNumber: number): RowResult {
  const cells = new Map<CsvColumn, string>();
  for (const [header, value] of Object.entries(row)) {
    const column = resolveColumn(header);
    if (column !== null) cells.set(column, restoreFormula((value ?? "").trim()));
  }
  const cell = (column: CsvColumn) => cells.get(column) ?? "";
  const errors: FieldError[] = [];
  const fail = (field: CsvColumn, message: string) => errors.push({ field, message });

  let id: string | null = null;
  if (cell("id") !== "") {
    const sequence = parseInitiativeId(cell("id"));
    if (sequence === null) fail("id", `must look like CSI-042 or be empty, got "${cell("id")}"`);
    else id = formatInitiativeId(sequence);
  }

  const source = readChoice(cell("source"), INITIATIVE_SOURCES, SOURCE_ALIASES, "source", fail);
  const category = readChoice(cell("category"), INITIATIVE_CATEGORIES, CATEGORY_ALIASES, "category", fail);
  const status =
    cell("status") === ""
      ? undefined
      : readChoice(cell("status"), INITIATIVE_STATUSES, STATUS_ALIASES, "status", fail);
  const effort = cell("effort") === "" ? undefined : readNumber(cell("effort"), "effort", fail);
  if (cell("effort") === "") fail("effort", "is required (person-days)");
  const estimatedCost =
    cell("estimatedCost") === "" ? null : readNumber(cell("estimatedCost"), "estimatedCost", fail);

  const input: InitiativeInput = {
    title: cell("title"),
    description: cell("description"),
    source: source as InitiativeSource,
    services: splitList(cell("services")),
    category: category as InitiativeCategory,
    owner: cell("owner"),
    effort: effort ?? Number.NaN,
    estimatedCost: estimatedCost ?? null,
    expectedBenefit: cell("expectedBenefit"),
    kpi: readKpi(cell, fail),
    linkedResponseIds: splitList(cell("linkedResponseIds")),
    notes: cell("notes"),
    statusReason: cell("statusReason") || null,
    implementedAt: readOptionalDay(cell("implementedAt"), "implementedAt", fail),
    benefitRealised: readBenefit(cell, fail),
  };
  if (status !== undefined) input.status = status;
  if (cell("raisedAt") !== "") input.raisedAt = readWhen(cell("raisedAt"), "raisedAt", fail) ?? "";
  for (const column of ["approvedAt", "startedAt", "reviewedAt", "closedAt"] as const) {
    input[column] = cell(column) === "" ? null : (readWhen(cell(column), column, fail) ?? null);
  }

  // Domain checks run on what parsed; a cell that failed to parse is reported once, by its parse error.
  const unparsed = new Set(errors.map((e) => e.field));
  for (const error of validateInitiativeInput(input, PLACEHOLDER_NOW)) {
    const field = columnOfDomainField(error.field);
    if (!unparsed.has(field) && !errors.some((e) => e.field === field && e.message === error.message)) {
      errors.push({ field, message: error.message });
    }
  }
  if (errors.length > 0) return { ok: false, line: lineNumber, errors };
  return { ok: true, line: lineNumber, id, input };
}

/**
 * Parses a register CSV and sorts its rows into accepted inputs and rejected lines with their reasons, without
 * storing anything: the dry run, and the plan an all-or-nothing import carries out. A file that is not CSV at
 * all throws a `validation` DomainError.
 */
export function planImport(csvText: string): ImportPlan {
  const records = readCsvRecords(csvText);
  const header = records[0];
  const plan: ImportPlan = { accepted: [], rejected: [], columns: { mapped: {}, ignored: [], missing: [] } };
  if (header === undefined) {
    plan.columns.missing = [...REQUIRED_COLUMNS];
    return plan;
  }

  const seen = new Map<CsvColumn, string>();
  for (const name of header.cells) {
    const column = resolveColumn(name);
    if (column === null) {
      if (name.trim() !== "") plan.columns.ignored.push(name);
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      throw new DomainError("validation", `The columns "${earlier}" and "${name}" both mean ${column}`, {
        fields: [{ field: column, message: `appears twice in the header ("${earlier}", "${name}")` }],
      });
    }
    seen.set(column, name);
    plan.columns.mapped[name] = column;
  }
  plan.columns.missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));

  const idLines = new Map<string, number>();
  for (const record of records.slice(1)) {
    if (record.cells.every((value) => value.trim() === "")) continue;
    const row: Record<string, string> = {};
    header.cells.forEach((name, index) => {
      if (name.trim() !== "") row[name] = record.cells[index] ?? "";
    });
    const result = rowToInitiativeInput(row, record.line);
    if (result.ok && result.id !== null) {
      const first = idLines.get(result.id);
      if (first !== undefined) {
        plan.rejected.push({
          line: record.line,
          errors: [{ field: "id", message: `${result.id} is already used on line ${first}` }],
        });
        continue;
      }
      idLines.set(result.id, record.line);
    }
    if (result.ok) plan.accepted.push({ line: result.line, id: result.id, input: result.input });
    else plan.rejected.push({ line: result.line, errors: result.errors });
  }
  return plan;
}

// Stands in for the import time while validating: it only fills an absent raisedAt, which import leaves absent.
const PLACEHOLDER_NOW = "2000-01-01T00:00:00.000Z";

function headerKey(header: string): string {
  return stripAccents(header)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function valueKey(value: string): string {
  return stripAccents(value)
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

function stripAccents(text: string): string {
  // "ł" has no decomposition, so it is mapped by hand.
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/ł/g, "l").replace(/Ł/g, "L");
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((part) => restoreFormula(part.trim()))
    .filter((part) => part !== "");
}

type Fail = (field: CsvColumn, message: string) => void;

function readChoice<T extends string>(
  text: string,
  values: readonly T[],
  aliases: Record<string, T>,
  field: CsvColumn,
  fail: Fail,
): T | undefined {
  if (text === "") {
    fail(field, "is required");
    return undefined;
  }
  const key = valueKey(text);
  const found = values.find((v) => v === key) ?? aliases[key];
  if (found === undefined) fail(field, `"${text}" is not one of ${values.join(", ")}`);
  return found;
}

/** Reads `12,5`, `12.5`, `1 234,50`, `1,234.50` and `PLN 1 200`; the last `,` or `.` is the decimal mark. */
function parseDecimal(text: string): number | null {
  let cleaned = text
    .replace(/^\s*(?:[a-z]{3}|zł|€|\$|£)\s*/i, "")
    .replace(/\s*(?:[a-z]{3}|zł|€|\$|£)\s*$/i, "")
    .replace(/[\s\u00a0\u202f']/g, "");
  const lastComma = cleaned.lastIndexOf(",");
  const lastDot = cleaned.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    const decimalMark = lastComma > lastDot ? "," : ".";
    const thousands = decimalMark === "," ? "." : ",";
    cleaned = cleaned.split(thousands).join("").replace(decimalMark, ".");
  } else if (lastComma >= 0) {
    const commas = cleaned.split(",").length - 1;
    cleaned = commas === 1 ? cleaned.replace(",", ".") : cleaned.split(",").join("");
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

function readNumber(text: string, field: CsvColumn, fail: Fail): number | undefined {
  const value = parseDecimal(text);
  if (value === null) fail(field, `"${text}" is not a number`);
  return value ?? undefined;
}

/**
 * Reads a satisfaction share: `85%`, `0,85`, `0.85`, or `85` (a plain number above 1 and at most 100 can only be
 * a percentage, since a share never exceeds 1).
 */
function readShare(text: string, field: CsvColumn, fail: Fail): number | undefined {
  const isPercent = text.trim().endsWith("%");
  const value = parseDecimal(isPercent ? text.trim().slice(0, -1) : text);
  if (value === null) {
    fail(field, `"${text}" is not a share (use 0.85, 0,85 or 85%)`);
    return undefined;
  }
  if (isPercent || (value > 1 && value <= 100)) return Math.round(value * 1e6) / 1e8;
  return value;
}

/** Reads a calendar day from YYYY-MM-DD, D.M.YYYY, or a zone-less spreadsheet date-time; null when unreadable. */
function parseDay(text: string): string | null {
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (iso?.[1] !== undefined) return isIsoDate(iso[1]) ? iso[1] : null;
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (dotted) {
    const day = `${dotted[3]}-${dotted[2]?.padStart(2, "0")}-${dotted[1]?.padStart(2, "0")}`;
    return isIsoDate(day) ? day : null;
  }
  return null;
}

function readOptionalDay(text: string, field: CsvColumn, fail: Fail): string | null {
  if (text === "") return null;
  const day = parseDay(text);
  if (day === null) fail(field, `"${text}" is not a date (use YYYY-MM-DD or DD.MM.YYYY)`);
  return day;
}

/** Workflow timestamps keep a full ISO instant when the file has one, and a calendar day otherwise. */
function readWhen(text: string, field: CsvColumn, fail: Fail): string | undefined {
  if (isIsoDateTime(text)) return text;
  const day = parseDay(text);
  if (day === null) fail(field, `"${text}" is not a date (use YYYY-MM-DD or DD.MM.YYYY)`);
  return day ?? undefined;
}

function readKpi(cell: (column: CsvColumn) => string, fail: Fail): KpiInput | null {
  const columns = ["kpiDimension", "kpiValue", "kpiBaseline", "kpiTarget", "kpiTargetDate"] as const;
  if (columns.every((column) => cell(column) === "")) return null;
  // A spreadsheet that names only a KPI value almost always means a service, the register's usual KPI.
  const dimensionText = cell("kpiDimension") || (cell("kpiValue") ? "service" : "");
  let dimension: KpiDimension | undefined;
  if (dimensionText === "") fail("kpiDimension", "is required when a KPI is given");
  else {
    dimension =
      KPI_DIMENSIONS.find((d) => d === dimensionText) ??
      DIMENSION_ALIASES[headerKey(dimensionText)] ??
      undefined;
    if (dimension === undefined)
      fail("kpiDimension", `"${dimensionText}" is not one of ${KPI_DIMENSIONS.join(", ")}`);
  }
  if (dimension !== "all" && cell("kpiValue") === "") fail("kpiValue", "is required when a KPI is given");
  const baseline = requireCell(cell("kpiBaseline"), "kpiBaseline", fail, (t) =>
    readShare(t, "kpiBaseline", fail),
  );
  const target = requireCell(cell("kpiTarget"), "kpiTarget", fail, (t) => readShare(t, "kpiTarget", fail));
  const targetDate = requireCell(cell("kpiTargetDate"), "kpiTargetDate", fail, (t) =>
    readOptionalDay(t, "kpiTargetDate", fail),
  );
  return {
    dimension: dimension ?? ("service" as KpiDimension),
    value: dimension === "all" ? "all" : cell("kpiValue"),
    baseline: baseline ?? Number.NaN,
    target: target ?? Number.NaN,
    targetDate: targetDate ?? "",
  };
}

function requireCell<T>(
  text: string,
  field: CsvColumn,
  fail: Fail,
  read: (text: string) => T | null | undefined,
): T | undefined {
  if (text === "") {
    fail(field, "is required when a KPI is given");
    return undefined;
  }
  return read(text) ?? undefined;
}

function readBenefit(cell: (column: CsvColumn) => string, fail: Fail): InitiativeInput["benefitRealised"] {
  const text = cell("benefitRealised");
  if (text === "") {
    if (cell("benefitReason") !== "") fail("benefitRealised", "is required when a benefit reason is given");
    return null;
  }
  const key = valueKey(text);
  const outcome = BENEFIT_OUTCOMES.find((o) => o === key) ?? BENEFIT_ALIASES[key];
  if (outcome === undefined) {
    fail("benefitRealised", `"${text}" is not one of ${BENEFIT_OUTCOMES.join(", ")}`);
    return null;
  }
  return { outcome, reason: cell("benefitReason") || null };
}

/** Names a domain field (`kpi.baseline`) by the register column a spreadsheet user sees (`kpiBaseline`). */
function columnOfDomainField(field: string): string {
  const nested: Record<string, CsvColumn> = {
    "kpi.metric": "kpiDimension",
    "kpi.dimension": "kpiDimension",
    "kpi.value": "kpiValue",
    "kpi.baseline": "kpiBaseline",
    "kpi.target": "kpiTarget",
    "kpi.targetDate": "kpiTargetDate",
    "benefitRealised.outcome": "benefitRealised",
    "benefitRealised.reason": "benefitReason",
  };
  return nested[field] ?? field;
}
