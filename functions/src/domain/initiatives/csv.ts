import { readCsvRecords } from "../csv-records.js";
import { defuseFormula, restoreFormula, writeCsv } from "../csv-writer.js";
import { DomainError } from "../errors.js";
import {
  BENEFIT_OUTCOMES,
  type BenefitOutcome,
  CLOSURE_CODES,
  type ClosureCode,
  EDITABLE_FIELDS,
  type EditableField,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  type InitiativeCategory,
  type InitiativeSource,
  type InitiativeStatus,
  isOneOf,
  KPI_DIMENSIONS,
  type KpiDimension,
  OPEN_STATUSES,
  type OpenStatus,
  RECORD_KINDS,
  type RecordKind,
  TASK_STATES,
  type TaskState,
} from "./fields.js";
import {
  type FieldError,
  formatInitiativeId,
  type Initiative,
  type InitiativeInput,
  type InitiativePatch,
  type InitiativeTask,
  type Kpi,
  type KpiImpactWindows,
  type KpiInput,
  parseInitiativeId,
  type RiceInputs,
  type ServiceDeskRecord,
  updateInitiative,
  validateInitiativeInput,
  type WsjfInputs,
} from "./initiative.js";
import { isIsoDate, isIsoDateTime } from "./iso-dates.js";

/**
 * The CSI register as a spreadsheet: its columns in the order export writes them, each with the header spellings
 * import accepts besides its own name (compared after `headerKey`: lower case, no accents or separators). Import
 * reads what spreadsheets export: headers in any case and spacing, in English or Polish, `;`, `,` or tab
 * separated, decimal commas, percentages, and dates as YYYY-MM-DD or DD.MM.YYYY. Lists (services, linked
 * responses) are `;`-separated; tasks, records and secondary KPIs are one item a line, its parts ` | `-separated.
 * Every field a person sets is a column, so an export edited in a spreadsheet
 * imports back as the same register; `version` is the one the row was exported at, which an import that changes
 * the initiative must still find. The prioritisation columns take no bare spelling ("Impact", "Business value"):
 * registers kept elsewhere often have such a column in words, which would then fail every row.
 */
const HEADER_ALIASES = {
  id: ["identyfikator", "nr", "numer"],
  title: ["name", "tytul", "nazwa"],
  description: ["opis"],
  source: ["zrodlo"],
  services: ["service", "uslugi", "usluga"],
  category: ["kategoria"],
  owner: ["wlasciciel", "odpowiedzialny"],
  status: ["stan"],
  statusReason: ["reason", "powod", "uzasadnienie"],
  heldFrom: ["heldfromstatus", "wstrzymanaze", "stanprzedwstrzymaniem"],
  closureCode: ["closure", "kodzamkniecia", "wynikzamkniecia"],
  raisedAt: ["raised", "raiseddate", "datazgloszenia", "zgloszono"],
  approvedAt: ["approved", "approveddate", "datazatwierdzenia", "zatwierdzono"],
  startedAt: ["started", "starteddate", "datarozpoczecia", "rozpoczeto"],
  implementedAt: ["implemented", "golive", "golivedate", "datawdrozenia", "wdrozono"],
  reviewedAt: ["reviewed", "revieweddate", "dataprzegladu", "dataoceny"],
  closedAt: ["closed", "closeddate", "datazamkniecia", "zamknieto"],
  estimatedCost: ["cost", "koszt", "szacowanykoszt"],
  actualCost: ["actual", "spent", "kosztrzeczywisty", "poniesionykoszt"],
  effort: ["effortdays", "effortpersondays", "persondays", "naklad", "pracochlonnosc", "osobodni"],
  expectedBenefit: ["benefit", "oczekiwanakorzysc", "korzysc"],
  kpiDimension: ["dimension", "wymiarkpi", "wymiar"],
  kpiValue: ["wartosckpi"],
  kpiBaseline: ["baseline", "bazakpi", "wartoscbazowa", "punktwyjscia"],
  kpiTarget: ["target", "celkpi", "cel"],
  kpiTargetDate: ["targetdate", "terminkpi", "termincelu", "datacelu"],
  kpiBeforeWeeks: ["beforeweeks", "tygodnieprzed"],
  kpiAfterWeeks: ["afterweeks", "tygodniepo"],
  kpiSettlingDays: ["settlingdays", "dnistabilizacji"],
  secondaryKpis: [
    "secondarykpi",
    "additionalkpis",
    "additionalkpi",
    "otherkpis",
    "kpidodatkowe",
    "dodatkowekpi",
    "pozostalekpi",
    "drugorzednekpi",
  ],
  benefitRealised: ["benefitrealized", "korzyscosiagnieta", "ocenakorzysci"],
  benefitReason: ["powodoceny", "uzasadnienieoceny"],
  linkedResponseIds: ["linkedresponses", "responses", "odpowiedzi", "powiazaneodpowiedzi"],
  notes: ["note", "uwagi", "notatki"],
  tasks: ["zadania"],
  records: ["servicedeskrecords", "itsmrecords", "rekordy", "powiazanerekordy"],
  manualRank: ["pozycjareczna"],
  wsjfBusinessValue: ["wsjfwartoscbiznesowa"],
  wsjfTimeCriticality: ["wsjfpilnosc"],
  wsjfRiskReduction: ["wsjfredukcjaryzyka"],
  wsjfJobSize: ["wsjfrozmiarpracy"],
  riceReach: ["ricezasieg"],
  riceImpact: ["ricewplyw"],
  riceConfidence: ["ricepewnosc"],
  version: ["wersja"],
} satisfies Record<string, readonly string[]>;
export type CsvColumn = keyof typeof HEADER_ALIASES;

/** The register's columns, in export order. */
export const CSV_COLUMNS = Object.keys(HEADER_ALIASES) as readonly CsvColumn[];

/** One exported row: every column, as text; the CSV writer defuses formulas, list items are defused one by one. */
export type CsvRow = Record<CsvColumn, string>;

export type RowResult =
  | { ok: true; line: number; id: string | null; input: InitiativeInput }
  | { ok: false; line: number; errors: FieldError[] };

/** One row of a register file as read, before the register's rules: what it holds and what could not be read. */
export interface ReadRow {
  line: number;
  id: string | null;
  /** The version cell as written; only a row that updates an initiative reads it, as the version it was exported at. */
  versionCell: string;
  input: InitiativeInput;
  /** Cells that could not be read, by column. */
  errors: FieldError[];
}

/** A register file as read: its rows and how its headers were understood. */
export interface RegisterFile {
  rows: ReadRow[];
  columns: {
    /** Each header found in the file, mapped to the register column it was read as. */
    mapped: Record<string, CsvColumn>;
    /** Headers that match no register column; their cells are not imported. */
    ignored: string[];
    /** Required columns the file lacks; every row then fails on them. */
    missing: CsvColumn[];
  };
}

/** What importing a row would do: create an initiative, update one to its next version, or leave one as it is. */
export type PlannedRow =
  | { outcome: "created"; line: number; id: string | null; input: InitiativeInput }
  | {
      outcome: "updated";
      line: number;
      id: string;
      input: InitiativeInput;
      current: Initiative;
      next: Initiative;
    }
  | { outcome: "unchanged"; line: number; id: string; input: InitiativeInput; current: Initiative };

/** A row the import refuses, with every reason by column; `currentVersion` when it names a stale version. */
export interface RejectedRow {
  line: number;
  id: string | null;
  errors: FieldError[];
  currentVersion?: number;
}

export interface ImportPlan {
  accepted: PlannedRow[];
  rejected: RejectedRow[];
  columns: RegisterFile["columns"];
}

/** The initiatives a file's ids name, as stored, and who imports when: what an import plans its updates against. */
export interface ImportContext {
  stored: readonly Initiative[];
  actor: string;
  now: string;
}

const REQUIRED_COLUMNS: readonly CsvColumn[] = ["title", "source", "category", "owner", "effort"];
const LIST_SEPARATOR = ";";

const KPI_COLUMNS = CSV_COLUMNS.filter((column) => column.startsWith("kpi"));
const WINDOW_COLUMNS = {
  beforeWeeks: "kpiBeforeWeeks",
  afterWeeks: "kpiAfterWeeks",
  settlingDays: "kpiSettlingDays",
} as const satisfies Record<keyof KpiImpactWindows, CsvColumn>;

/**
 * The parts of a KPI, in the order a line of the secondaryKpis cell gives them, and the primary KPI's column of
 * each: one reader reads both, the primary from its columns, each secondary KPI from its line.
 */
const KPI_PART_COLUMNS = {
  dimension: "kpiDimension",
  value: "kpiValue",
  baseline: "kpiBaseline",
  target: "kpiTarget",
  targetDate: "kpiTargetDate",
  ...WINDOW_COLUMNS,
} as const satisfies Record<string, CsvColumn>;
type KpiPart = keyof typeof KPI_PART_COLUMNS;
const KPI_PARTS = Object.keys(KPI_PART_COLUMNS) as readonly KpiPart[];
/** The parts every line of the secondaryKpis cell has; the impact windows may follow. */
const KPI_GOAL_PARTS = 5;
const SECONDARY_KPI_FORMAT =
  '"dimension | value | baseline | target | targetDate", optionally followed by "| beforeWeeks | afterWeeks | settlingDays"';
const WSJF_COLUMNS = {
  businessValue: "wsjfBusinessValue",
  timeCriticality: "wsjfTimeCriticality",
  riskReduction: "wsjfRiskReduction",
  jobSize: "wsjfJobSize",
} as const satisfies Record<keyof WsjfInputs, CsvColumn>;
const RICE_COLUMNS = {
  reach: "riceReach",
  impact: "riceImpact",
  confidence: "riceConfidence",
} as const satisfies Record<keyof RiceInputs, CsvColumn>;

/** The columns an editable field is read from, where they are not just the field's own name. */
const FIELD_COLUMNS: Partial<Record<EditableField, readonly CsvColumn[]>> = {
  kpi: KPI_COLUMNS,
  wsjf: Object.values(WSJF_COLUMNS),
  rice: Object.values(RICE_COLUMNS),
  benefitRealised: ["benefitRealised", "benefitReason"],
};

/** Fields only the workflow sets: a row updating an initiative must repeat them as stored. */
const WORKFLOW_COLUMNS = [
  "status",
  "statusReason",
  "heldFrom",
  "closureCode",
  "raisedAt",
  "approvedAt",
  "startedAt",
  "reviewedAt",
  "closedAt",
] as const satisfies readonly CsvColumn[];

const HEADER_INDEX = new Map<string, CsvColumn>(
  CSV_COLUMNS.flatMap((column) =>
    [headerKey(column), ...HEADER_ALIASES[column]].map((alias) => [alias, column] as const),
  ),
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
  hold: "on-hold",
  wstrzymana: "on-hold",
  canceled: "cancelled",
  anulowana: "cancelled",
};
const CLOSURE_ALIASES: Record<string, ClosureCode> = {
  partial: "partially-successful",
  failed: "unsuccessful",
  udana: "successful",
  "czesciowo-udana": "partially-successful",
  nieudana: "unsuccessful",
  wycofana: "withdrawn",
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
  supplier: "supplier",
  vendor: "supplier",
  dostawca: "supplier",
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
    heldFrom: initiative.heldFrom ?? "",
    closureCode: initiative.closureCode ?? "",
    raisedAt: initiative.raisedAt,
    approvedAt: initiative.approvedAt ?? "",
    startedAt: initiative.startedAt ?? "",
    implementedAt: initiative.implementedAt ?? "",
    reviewedAt: initiative.reviewedAt ?? "",
    closedAt: initiative.closedAt ?? "",
    estimatedCost: numberCell(initiative.estimatedCost),
    actualCost: numberCell(initiative.actualCost),
    effort: String(initiative.effort),
    expectedBenefit: initiative.expectedBenefit,
    kpiDimension: kpi?.dimension ?? "",
    kpiValue: kpi ? kpi.value : "",
    kpiBaseline: kpi ? String(kpi.baseline) : "",
    kpiTarget: kpi ? String(kpi.target) : "",
    kpiTargetDate: kpi?.targetDate ?? "",
    ...numberCells(kpi?.impactWindows, WINDOW_COLUMNS),
    secondaryKpis: initiative.secondaryKpis.map(kpiLine).join("\n"),
    benefitRealised: initiative.benefitRealised?.outcome ?? "",
    benefitReason: initiative.benefitRealised?.reason ?? "",
    linkedResponseIds: initiative.linkedResponseIds.map(defuseFormula).join(`${LIST_SEPARATOR} `),
    notes: initiative.notes,
    tasks: initiative.tasks.map((t) => [t.title, t.owner, t.due ?? "", t.state].join(" | ")).join("\n"),
    records: initiative.records.map((r) => [r.kind, r.id, r.url ?? ""].join(" | ")).join("\n"),
    manualRank: numberCell(initiative.manualRank),
    ...numberCells(initiative.wsjf, WSJF_COLUMNS),
    ...numberCells(initiative.rice, RICE_COLUMNS),
    version: String(initiative.version),
  };
}

/** One line of the secondaryKpis cell: the KPI's goal, then its impact windows when it has its own. */
function kpiLine(kpi: Kpi): string {
  const goal = [kpi.dimension, kpi.value, kpi.baseline, kpi.target, kpi.targetDate];
  const w = kpi.impactWindows;
  const windows = w ? [w.beforeWeeks, w.afterWeeks, w.settlingDays] : [];
  return [...goal, ...windows].map(String).join(" | ");
}

function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** The cells of a group of figures (WSJF, RICE, impact windows), empty when the group is not set. */
function numberCells<K extends string, C extends CsvColumn>(
  figures: Record<K, number> | null | undefined,
  columns: Record<K, C>,
): Record<C, string> {
  const cells = {} as Record<C, string>;
  for (const [key, column] of Object.entries(columns) as Array<[K, C]>)
    cells[column] = numberCell(figures?.[key]);
  return cells;
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

/** Reads one spreadsheet row (keyed by its headers as written) as it stands, before the register's rules judge it. */
export function readRow(row: Record<string, string>, lineNumber: number): ReadRow {
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
  const actualCost = cell("actualCost") === "" ? null : readNumber(cell("actualCost"), "actualCost", fail);
  const manualRank =
    cell("manualRank") === "" ? null : (readNumber(cell("manualRank"), "manualRank", fail) ?? Number.NaN);

  const input: InitiativeInput = {
    title: cell("title"),
    description: cell("description"),
    source: source as InitiativeSource,
    services: splitList(cell("services")),
    category: category as InitiativeCategory,
    owner: cell("owner"),
    effort: effort ?? Number.NaN,
    estimatedCost: estimatedCost ?? null,
    actualCost: actualCost ?? null,
    expectedBenefit: cell("expectedBenefit"),
    kpi: readPrimaryKpi(cell, fail),
    secondaryKpis: readSecondaryKpis(cell("secondaryKpis"), fail),
    linkedResponseIds: splitList(cell("linkedResponseIds")),
    notes: cell("notes"),
    tasks: readTasks(cell("tasks"), fail),
    records: readRecords(cell("records"), fail),
    manualRank,
    wsjf: readInputs(cell, WSJF_COLUMNS, "WSJF", fail),
    rice: readInputs(cell, RICE_COLUMNS, "RICE", fail),
    statusReason: cell("statusReason") || null,
    implementedAt: readOptionalDay(cell("implementedAt"), "implementedAt", fail),
    benefitRealised: readBenefit(cell, fail),
  };
  if (status !== undefined) input.status = status;
  // Empty means absent: an update keeps what is stored, a new closed initiative takes the code its verdict proposes.
  if (cell("heldFrom") !== "") {
    const heldFrom = readChoice(cell("heldFrom"), INITIATIVE_STATUSES, STATUS_ALIASES, "heldFrom", fail);
    if (heldFrom !== undefined && !isOneOf(OPEN_STATUSES, heldFrom)) {
      fail("heldFrom", `must be an open status: one of ${OPEN_STATUSES.join(", ")}`);
    } else if (heldFrom !== undefined) input.heldFrom = heldFrom as OpenStatus;
  }
  if (cell("closureCode") !== "") {
    input.closureCode = readChoice(cell("closureCode"), CLOSURE_CODES, CLOSURE_ALIASES, "closureCode", fail);
  }
  if (cell("raisedAt") !== "") input.raisedAt = readWhen(cell("raisedAt"), "raisedAt", fail) ?? "";
  for (const column of ["approvedAt", "startedAt", "reviewedAt", "closedAt"] as const) {
    input[column] = cell(column) === "" ? null : (readWhen(cell(column), column, fail) ?? null);
  }
  return { line: lineNumber, id, versionCell: cell("version"), input, errors };
}

/**
 * Reads one spreadsheet row (keyed by its headers as written) into the input of a new initiative, or lists every
 * problem with it by column name; `lineNumber` is the row's line in the file, echoed back for the report.
 */
export function rowToInitiativeInput(row: Record<string, string>, lineNumber: number): RowResult {
  const read = readRow(row, lineNumber);
  const errors = withRuleErrors(read.errors, validateInitiativeInput(read.input, PLACEHOLDER_NOW));
  if (errors.length > 0) return { ok: false, line: lineNumber, errors };
  return { ok: true, line: lineNumber, id: read.id, input: read.input };
}

/**
 * Reads a register CSV into its rows and what its headers mean. A file that is not CSV at all, or that names one
 * column twice, throws a `validation` DomainError.
 */
export function readRegisterFile(csvText: string): RegisterFile {
  const records = readCsvRecords(csvText);
  const header = records[0];
  const file: RegisterFile = { rows: [], columns: { mapped: {}, ignored: [], missing: [] } };
  if (header === undefined) {
    file.columns.missing = [...REQUIRED_COLUMNS];
    return file;
  }

  const seen = new Map<CsvColumn, string>();
  for (const name of header.cells) {
    const column = resolveColumn(name);
    if (column === null) {
      if (name.trim() !== "") file.columns.ignored.push(name);
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      throw new DomainError("validation", `The columns "${earlier}" and "${name}" both mean ${column}`, {
        fields: [{ field: column, message: `appears twice in the header ("${earlier}", "${name}")` }],
      });
    }
    seen.set(column, name);
    file.columns.mapped[name] = column;
  }
  file.columns.missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));

  for (const record of records.slice(1)) {
    if (record.cells.every((value) => value.trim() === "")) continue;
    const row: Record<string, string> = {};
    header.cells.forEach((name, index) => {
      if (name.trim() !== "") row[name] = record.cells[index] ?? "";
    });
    file.rows.push(readRow(row, record.line));
  }
  return file;
}

/**
 * Sorts a register file's rows into what importing them would do, without storing anything: the dry run, and the
 * plan an all-or-nothing import carries out. A row whose id names a stored initiative updates it as an edit would,
 * if it names the stored version; any other row creates an initiative, under the id it chose.
 */
export function planImport(file: string | RegisterFile, context: Partial<ImportContext> = {}): ImportPlan {
  const { rows, columns } = typeof file === "string" ? readRegisterFile(file) : file;
  const stored = new Map((context.stored ?? []).map((initiative) => [initiative.id, initiative]));
  const now = context.now ?? PLACEHOLDER_NOW;
  const given = new Set<CsvColumn>(Object.values(columns.mapped));
  const plan: ImportPlan = { accepted: [], rejected: [], columns };
  const idLines = new Map<string, number>();
  for (const row of rows) {
    const { line, id } = row;
    const first = id === null ? undefined : idLines.get(id);
    if (first !== undefined) {
      plan.rejected.push({
        line,
        id,
        errors: [{ field: "id", message: `${id} is already used on line ${first}` }],
      });
      continue;
    }
    if (id !== null) idLines.set(id, line);
    const current = id === null ? undefined : stored.get(id);
    const planned = current
      ? planUpdate(row, current, given, { actor: context.actor ?? "import", now })
      : planCreation(row, now);
    if ("outcome" in planned) plan.accepted.push(planned);
    else plan.rejected.push(planned);
  }
  return plan;
}

function planCreation(row: ReadRow, now: string): PlannedRow | RejectedRow {
  const errors = withRuleErrors(row.errors, validateInitiativeInput(row.input, now));
  if (errors.length > 0) return { line: row.line, id: row.id, errors };
  return { outcome: "created", line: row.line, id: row.id, input: row.input };
}

/**
 * Plans a row that names a stored initiative: the edit of the fields its columns hold (a column the file lacks
 * leaves its field as stored), through the same rules and history as a PATCH. Only the workflow moves status and
 * its dates, so a row must repeat those as stored.
 */
function planUpdate(
  row: ReadRow,
  current: Initiative,
  given: ReadonlySet<CsvColumn>,
  context: { actor: string; now: string },
): PlannedRow | RejectedRow {
  const { line, input, versionCell } = row;
  const id = current.id;
  const version = /^\d+$/.test(versionCell) ? Number(versionCell) : null;
  if (version !== current.version) {
    const where = `${id} is at version ${current.version}`;
    const message =
      version !== null
        ? `is ${version}, but ${where}: it changed after the export; export again and redo the edit`
        : versionCell === ""
          ? `is required to change ${id}: ${where}, as a fresh export says`
          : `"${versionCell}" is not a version (the whole number the export wrote); ${where}`;
    return { line, id, errors: [{ field: "version", message }], currentVersion: current.version };
  }

  const errors = [...row.errors];
  for (const column of WORKFLOW_COLUMNS) {
    const from = current[column];
    const to = input[column];
    // An empty status or raisedAt cell reads as absent, and absent means as stored.
    if (
      !given.has(column) ||
      to === undefined ||
      sameWhen(to, from) ||
      errors.some((e) => e.field === column)
    )
      continue;
    errors.push({
      field: column,
      message:
        column === "status"
          ? `changes only through a workflow transition (${id} is ${from})`
          : `is set by the workflow and cannot be changed here (${id} has ${from === null ? "none" : `"${from}"`})`,
    });
  }

  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    if ((FIELD_COLUMNS[field] ?? [field as CsvColumn]).some((column) => given.has(column))) {
      patch[field] = input[field];
    }
  }
  // A file without the window columns keeps the windows the stored KPI reads impact over.
  const windows = current.kpi?.impactWindows;
  if (input.kpi && windows && !Object.values(WINDOW_COLUMNS).some((column) => given.has(column))) {
    patch.kpi = { ...input.kpi, impactWindows: windows };
  }

  let next = current;
  let ruleErrors: FieldError[] = [];
  try {
    next = updateInitiative(current, patch as InitiativePatch, { ...context, expectedVersion: version });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "validation") throw error;
    ruleErrors = (error.details?.fields as FieldError[] | undefined) ?? [];
  }
  const all = withRuleErrors(errors, ruleErrors);
  if (all.length > 0) return { line, id, errors: all };
  return next === current
    ? { outcome: "unchanged", line, id, input, current }
    : { outcome: "updated", line, id, input, current, next };
}

/** Whether a workflow value in a row is the stored one; a calendar day stands for an instant on that day. */
function sameWhen(row: string | null, stored: string | null): boolean {
  return row === stored || (row !== null && isIsoDate(row) && stored?.startsWith(`${row}T`) === true);
}

/** Adds the domain's errors to the ones met reading a row; a cell that failed to read is reported once, by that. */
function withRuleErrors(read: readonly FieldError[], rules: readonly FieldError[]): FieldError[] {
  const errors = [...read];
  const unparsed = new Set(read.map((e) => e.field));
  for (const rule of rules) {
    const error = columnError(rule);
    const { field } = error;
    if (!unparsed.has(field) && !errors.some((e) => e.field === field && e.message === error.message)) {
      errors.push(error);
    }
  }
  return errors;
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

/** Reports a cell that cannot be read; `F` names what is at fault: a column, or a part of a line in a cell. */
type Fail<F extends string = CsvColumn> = (field: F, message: string) => void;

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
  // An exponent is what the export writes for the smallest and largest figures (`1e-7`).
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
}

function readNumber<F extends string>(text: string, field: F, fail: Fail<F>): number | undefined {
  const value = parseDecimal(text);
  if (value === null) fail(field, `"${text}" is not a number`);
  return value ?? undefined;
}

/**
 * Reads a satisfaction share: `85%`, `0,85`, `0.85`, or `85` (a plain number above 1 and at most 100 can only be
 * a percentage, since a share never exceeds 1).
 */
function readShare<F extends string>(text: string, field: F, fail: Fail<F>): number | undefined {
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

function readOptionalDay<F extends string>(text: string, field: F, fail: Fail<F>): string | null {
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

/** Reads the primary KPI from its columns; all empty is none. */
function readPrimaryKpi(cell: (column: CsvColumn) => string, fail: Fail): KpiInput | null {
  return readKpi(
    (part) => cell(KPI_PART_COLUMNS[part]),
    (part, message) => fail(KPI_PART_COLUMNS[part], message),
  );
}

/**
 * Reads the secondaryKpis cell: one KPI a line, `dimension | value | baseline | target | targetDate`, followed by
 * `beforeWeeks | afterWeeks | settlingDays` when the KPI has its own impact windows; each part is read as the
 * primary KPI's column of that name is, and a fault is named by its line and part.
 */
function readSecondaryKpis(text: string, fail: Fail): KpiInput[] {
  const kpis: KpiInput[] = [];
  // Lines are counted without blank ones, as the domain counts KPIs, so its errors name the same line as these.
  const lines = text.split(/\r?\n/).filter((line) => line.replace(/\|/g, "").trim() !== "");
  lines.forEach((line, index) => {
    const parts = line.split("|").map((part) => part.trim());
    const at = `line ${index + 1}`;
    if (parts.length !== KPI_GOAL_PARTS && parts.length !== KPI_PARTS.length) {
      fail("secondaryKpis", `${at} "${line.trim()}" is not ${SECONDARY_KPI_FORMAT}`);
      return;
    }
    const kpi = readKpi(
      (part) => parts[KPI_PARTS.indexOf(part)] ?? "",
      (part, message) => fail("secondaryKpis", `${at}: ${part} ${message}`),
    );
    if (kpi) kpis.push(kpi);
  });
  return kpis;
}

/** Reads one KPI from its parts, wherever they are written; all empty is none. */
function readKpi(cell: (part: KpiPart) => string, fail: Fail<KpiPart>): KpiInput | null {
  if (KPI_PARTS.every((part) => cell(part) === "")) return null;
  // A spreadsheet that names only a KPI value almost always means a service, the register's usual KPI.
  const dimensionText = cell("dimension") || (cell("value") ? "service" : "");
  let dimension: KpiDimension | undefined;
  if (dimensionText === "") fail("dimension", "is required when a KPI is given");
  else {
    dimension =
      KPI_DIMENSIONS.find((d) => d === dimensionText) ??
      DIMENSION_ALIASES[headerKey(dimensionText)] ??
      undefined;
    if (dimension === undefined)
      fail("dimension", `"${dimensionText}" is not one of ${KPI_DIMENSIONS.join(", ")}`);
  }
  if (dimension !== "all" && cell("value") === "") fail("value", "is required when a KPI is given");
  const baseline = requireCell(cell("baseline"), "baseline", fail, (t) => readShare(t, "baseline", fail));
  const target = requireCell(cell("target"), "target", fail, (t) => readShare(t, "target", fail));
  const targetDate = requireCell(cell("targetDate"), "targetDate", fail, (t) =>
    readOptionalDay(t, "targetDate", fail),
  );
  const kpi: KpiInput = {
    dimension: dimension ?? ("service" as KpiDimension),
    value: dimension === "all" ? "all" : cell("value"),
    baseline: baseline ?? Number.NaN,
    target: target ?? Number.NaN,
    targetDate: targetDate ?? "",
  };
  const windows = readInputs(
    cell,
    { beforeWeeks: "beforeWeeks", afterWeeks: "afterWeeks", settlingDays: "settlingDays" },
    "an impact window",
    fail,
  );
  if (windows) kpi.impactWindows = windows;
  return kpi;
}

/** Reads a group of figures that come together (WSJF, RICE, impact windows): all empty is none, else all are needed. */
function readInputs<K extends string, F extends string>(
  cell: (column: F) => string,
  columns: Record<K, F>,
  what: string,
  fail: Fail<F>,
): Record<K, number> | null {
  const entries = Object.entries(columns) as Array<[K, F]>;
  if (entries.every(([, column]) => cell(column) === "")) return null;
  const values = {} as Record<K, number>;
  for (const [key, column] of entries) {
    // RICE confidence is a share, written as 0.8 or 80%.
    const read = column === "riceConfidence" ? readShare : readNumber;
    values[key] =
      requireCell(
        cell(column),
        column,
        fail,
        (t) => read(t, column, fail),
        `is required when ${what} is given`,
      ) ?? Number.NaN;
  }
  return values;
}

function requireCell<T, F extends string>(
  text: string,
  field: F,
  fail: Fail<F>,
  read: (text: string) => T | null | undefined,
  message = "is required when a KPI is given",
): T | undefined {
  if (text === "") {
    fail(field, message);
    return undefined;
  }
  return read(text) ?? undefined;
}

const TASK_STATE_ALIASES: Record<string, TaskState> = {
  otwarte: "open",
  "w-toku": "in-progress",
  zrobione: "done",
  anulowane: "cancelled",
};

/** Reads the tasks cell: one task a line, `title | owner | due | state`, the due day optional. */
function readTasks(text: string, fail: Fail): InitiativeTask[] {
  const tasks: InitiativeTask[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const [title = "", owner = "", due = "", state = "", ...rest] = line
      .split("|")
      .map((part) => part.trim());
    const key = valueKey(state);
    const known = TASK_STATES.find((s) => s === key) ?? TASK_STATE_ALIASES[key];
    const day = due === "" ? null : parseDay(due);
    if (rest.length > 0 || known === undefined || (day === null && due !== "")) {
      fail(
        "tasks",
        `line ${index + 1} "${line}" is not "title | owner | due | state" (${TASK_STATES.join(", ")})`,
      );
      return;
    }
    tasks.push({ title, owner, due: day, state: known });
  });
  return tasks;
}

const RECORD_KIND_ALIASES: Record<string, RecordKind> = {
  inc: "incident",
  incydent: "incident",
  prb: "problem",
  "known-error": "problem",
  "znany-blad": "problem",
  chg: "change",
  rfc: "change",
  zmiana: "change",
};

/** Reads the records cell: one service-desk record a line, `kind | id | url`, the address optional. */
function readRecords(text: string, fail: Fail): ServiceDeskRecord[] {
  const records: ServiceDeskRecord[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const [kind = "", id = "", url = "", ...rest] = line.split("|").map((part) => part.trim());
    const key = valueKey(kind);
    const known = RECORD_KINDS.find((k) => k === key) ?? RECORD_KIND_ALIASES[key];
    if (rest.length > 0 || known === undefined) {
      fail("records", `line ${index + 1} "${line}" is not "kind | id | url" (${RECORD_KINDS.join(", ")})`);
      return;
    }
    records.push({ kind: known, id, url: url || null });
  });
  return records;
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

/** The domain fields whose column is not named `kpi.baseline` -> `kpiBaseline`. */
const RENAMED_FIELDS: Record<string, CsvColumn> = {
  // A missing primary KPI, which secondary ones need, is named by its first column.
  kpi: "kpiDimension",
  "kpi.metric": "kpiDimension",
  "kpi.impactWindows": "kpiBeforeWeeks",
  "benefitRealised.outcome": "benefitRealised",
  "benefitRealised.reason": "benefitReason",
};

/**
 * A domain error as a spreadsheet user reads it: a task's, record's or secondary KPI's field by its column and line
 * in the cell, a KPI's impact window by its own name (`secondaryKpis.1.impactWindows.afterWeeks` -> line 2: afterWeeks).
 */
function columnError(error: FieldError): FieldError {
  const item = /^(tasks|records|secondaryKpis)\.(\d+)\.(?:\w+\.)*(\w+)$/.exec(error.field);
  if (!item) return { field: columnOfDomainField(error.field), message: error.message };
  return { field: item[1] as string, message: `line ${Number(item[2]) + 1}: ${item[3]} ${error.message}` };
}

/** Names a domain field (`kpi.impactWindows.afterWeeks`) by the column a spreadsheet user sees (`kpiAfterWeeks`). */
function columnOfDomainField(field: string): string {
  const parts = field.split(".");
  const last = parts.at(-1) ?? "";
  const renamed = RENAMED_FIELDS[field];
  if (renamed !== undefined) return renamed;
  if (parts.length === 1) return field;
  return `${parts[0]}${last.charAt(0).toUpperCase()}${last.slice(1)}`;
}
