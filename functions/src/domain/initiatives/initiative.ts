import { DomainError } from "../errors.js";
import { isStorableNumber } from "../storable-number.js";
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
  KPI_METRICS,
  type KpiDimension,
  type KpiMetric,
  MAX_RECORDS,
  MAX_SECONDARY_KPIS,
  MAX_TASKS,
  OPEN_STATUSES,
  type OpenStatus,
  REASONED_STATUSES,
  RECORD_KINDS,
  type RecordKind,
  RICE_IMPACT_MAX,
  RICE_IMPACT_MIN,
  TASK_STATES,
  type TaskState,
  TITLE_MAX_LENGTH,
  TITLE_MIN_LENGTH,
  WSJF_MAX,
  WSJF_MIN,
} from "./fields.js";
import { isIsoDate, isIsoDateOrDateTime, isIsoDateTime } from "./iso-dates.js";

/** The satisfaction figure an initiative is meant to move, e.g. csat of service "Remote access" from 0.72 to 0.85. */
export interface Kpi {
  metric: KpiMetric;
  dimension: KpiDimension;
  /** The dimension value (a service name, an agent ...); always "all" when `dimension` is "all". */
  value: string;
  /** Share of satisfied ratings, 0..1, when the initiative was raised. */
  baseline: number;
  /** Share of satisfied ratings, 0..1, to reach by `targetDate`. */
  target: number;
  targetDate: string;
  /** How impact is read around go-live; absent means 8 weeks before, 2 settling weeks, 8 weeks after. */
  impactWindows?: KpiImpactWindows | undefined;
}

/** The before, after and settling lengths an initiative's impact is read over. */
export interface KpiImpactWindows {
  beforeWeeks: number;
  afterWeeks: number;
  settlingDays: number;
}

/** Longest before or after window an initiative may set, in weeks (two years). */
export const IMPACT_WINDOW_MAX_WEEKS = 104;
/** Longest settling period an initiative may set, in days. */
export const IMPACT_SETTLING_MAX_DAYS = 180;

/** The review's verdict on whether the expected benefit came true. */
export interface BenefitAssessment {
  outcome: BenefitOutcome;
  /** Required when the outcome is `not-realised`, so the register keeps the lesson. */
  reason: string | null;
}

/** Weighted Shortest Job First inputs, each on a 1..10 scale. */
export interface WsjfInputs {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
}

/** RICE inputs; effort comes from the initiative's own `effort`. */
export interface RiceInputs {
  /** People or tickets touched per period, >= 0. */
  reach: number;
  /** 0.25 minimal .. 3 massive. */
  impact: number;
  /** 0..1. */
  confidence: number;
}

/** A piece of an initiative's work: who does it, by when, and how far it is. */
export interface InitiativeTask {
  title: string;
  /** Empty when nobody is named yet. */
  owner: string;
  due: string | null;
  state: TaskState;
}

/** A service-desk record an initiative links to: an incident or problem it answers, a change that carries it out. */
export interface ServiceDeskRecord {
  kind: RecordKind;
  /** The record's number in the service desk, e.g. `INC0012345`. */
  id: string;
  /** Where the record opens (http or https); null when not known. */
  url: string | null;
}

/** A service-desk record as supplied; a missing address is none. */
export type ServiceDeskRecordInput = Omit<ServiceDeskRecord, "url"> & { url?: string | null | undefined };

/** One recorded change: who changed which field, when, from what to what. */
export interface HistoryEntry {
  at: string;
  actor: string;
  field: string;
  from: unknown;
  to: unknown;
  /** The reason given for a status change, when one was required or offered. */
  reason?: string;
}

/** The data of an initiative that people edit or that transitions set, without the bookkeeping. */
export interface InitiativeFields {
  title: string;
  description: string;
  source: InitiativeSource;
  services: string[];
  category: InitiativeCategory;
  /** Who answers for it; empty when nobody does, which the register flags as `no-owner`. */
  owner: string;
  status: InitiativeStatus;
  /** Why the initiative was rejected, deferred, put on hold or cancelled; null otherwise. */
  statusReason: string | null;
  /** While on hold, the open status it was held from and resumes to; null otherwise. */
  heldFrom: OpenStatus | null;
  /** How a closed or cancelled initiative ended; null while it has not. */
  closureCode: ClosureCode | null;
  raisedAt: string;
  approvedAt: string | null;
  startedAt: string | null;
  /** The go-live day (`YYYY-MM-DD`) that impact analysis splits the KPI trend on. */
  implementedAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  /** Currency-neutral; null while nobody has estimated it. */
  estimatedCost: number | null;
  /** What it has cost so far, in the estimate's currency; null while nobody has recorded it. */
  actualCost: number | null;
  /** Person-days, > 0. */
  effort: number;
  expectedBenefit: string;
  /** The primary KPI: the one the backlog's gap, the impact verdict and the proposed benefit and closure read. */
  kpi: Kpi | null;
  /** Further satisfaction series the initiative should move, each with its own goal; none without a primary KPI. */
  secondaryKpis: Kpi[];
  linkedResponseIds: string[];
  notes: string;
  benefitRealised: BenefitAssessment | null;
  /** A manager's pin: 1 is the top of the backlog whatever the score; null lets the score decide. */
  manualRank: number | null;
  wsjf: WsjfInputs | null;
  rice: RiceInputs | null;
  tasks: InitiativeTask[];
  records: ServiceDeskRecord[];
}

/** An improvement initiative in the CSI register. */
export interface Initiative extends InitiativeFields {
  /** Readable id, `CSI-042`. */
  id: string;
  /** Starts at 1 and grows by one with every change; the optimistic-concurrency token. */
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  history: HistoryEntry[];
}

/** What a caller supplies to create an initiative; omitted optional fields take neutral defaults. */
export interface InitiativeInput {
  title: string;
  description?: string;
  source: InitiativeSource;
  services?: string[];
  category: InitiativeCategory;
  owner: string;
  effort: number;
  estimatedCost?: number | null;
  actualCost?: number | null;
  expectedBenefit?: string;
  kpi?: KpiInput | null;
  secondaryKpis?: KpiInput[];
  linkedResponseIds?: string[];
  notes?: string;
  manualRank?: number | null;
  wsjf?: WsjfInputs | null;
  rice?: RiceInputs | null;
  tasks?: InitiativeTask[];
  records?: ServiceDeskRecordInput[];
  /** Defaults to `proposed`; set by an import of an existing register. */
  status?: InitiativeStatus;
  statusReason?: string | null;
  heldFrom?: OpenStatus | null;
  /** Absent on a closed or cancelled initiative: the code its benefit verdict (or the cancellation) proposes. */
  closureCode?: ClosureCode | null;
  /** Defaults to `now`. */
  raisedAt?: string;
  approvedAt?: string | null;
  startedAt?: string | null;
  implementedAt?: string | null;
  reviewedAt?: string | null;
  closedAt?: string | null;
  benefitRealised?: BenefitAssessment | null;
}

/** A KPI as supplied; `metric` defaults to csat. */
export type KpiInput = Omit<Kpi, "metric"> & { metric?: KpiMetric };

/** A partial change to the editable fields; `null` clears an optional field. */
export type InitiativePatch = Partial<{
  [K in EditableField]: K extends "kpi"
    ? KpiInput | null
    : K extends "secondaryKpis"
      ? KpiInput[]
      : K extends "records"
        ? ServiceDeskRecordInput[]
        : InitiativeFields[K];
}>;

/** Every KPI of an initiative, the primary first. */
export function kpisOf(initiative: Pick<InitiativeFields, "kpi" | "secondaryKpis">): Kpi[] {
  return initiative.kpi === null ? [] : [initiative.kpi, ...initiative.secondaryKpis];
}

/** One invalid field and why, in the shape every validation error of the register uses. */
export interface FieldError {
  field: string;
  message: string;
}

const ID_PATTERN = /^CSI-(\d+)$/i;
const LONG_TEXT_MAX = 10_000;
const SHORT_TEXT_MAX = 200;
const IMPLEMENTED_OR_LATER: readonly InitiativeStatus[] = ["implemented", "reviewed", "closed"];
const REVIEWED_OR_LATER: readonly InitiativeStatus[] = ["reviewed", "closed"];
const ENDED: readonly InitiativeStatus[] = ["closed", "cancelled"];

/** The closure code an initiative's end proposes: a cancellation is withdrawn, a close follows its benefit verdict. */
export function proposedClosureCode(
  status: InitiativeStatus,
  benefit: BenefitAssessment | null,
): ClosureCode | null {
  if (status === "cancelled") return "withdrawn";
  if (status !== "closed") return null;
  switch (benefit?.outcome) {
    case "realised":
      return "successful";
    case "partly":
      return "partially-successful";
    case "not-realised":
      return "unsuccessful";
    default:
      return null;
  }
}

/** Formats a sequence number as a readable initiative id, zero-padded to three digits (`42` -> `CSI-042`). */
export function formatInitiativeId(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new DomainError(
      "validation",
      `An initiative sequence number must be a positive integer, got ${sequence}`,
      {
        fields: [{ field: "id", message: "must be a positive integer sequence" }],
      },
    );
  }
  return `CSI-${String(sequence).padStart(3, "0")}`;
}

/** Reads the sequence number out of an initiative id (`CSI-042` or `csi-42` -> 42), or null if it is not one. */
export function parseInitiativeId(id: string): number | null {
  const match = ID_PATTERN.exec(id.trim());
  if (!match) return null;
  const sequence = Number(match[1]);
  return Number.isSafeInteger(sequence) && sequence >= 1 ? sequence : null;
}

/** Orders initiative ids by their sequence number, so `CSI-999` comes before `CSI-1000`. */
export function compareInitiativeIds(a: string, b: string): number {
  const sa = parseInitiativeId(a);
  const sb = parseInitiativeId(b);
  if (sa !== null && sb !== null && sa !== sb) return sa - sb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Creates a new initiative at version 1, or throws a `validation` DomainError naming every bad field. */
export function createInitiative(
  input: InitiativeInput,
  context: { id: string; actor: string; now: string },
): Initiative {
  const fields = fieldsFromInput(input, context.now);
  const errors = checkInitiativeFields(fields);
  if (parseInitiativeId(context.id) === null) errors.push({ field: "id", message: "must look like CSI-042" });
  if (!isIsoDateTime(context.now)) errors.push({ field: "now", message: "must be an ISO date-time" });
  throwIfInvalid(errors, "The initiative is not valid");
  return {
    id: formatInitiativeId(parseInitiativeId(context.id) as number),
    ...fields,
    version: 1,
    createdAt: context.now,
    createdBy: context.actor,
    updatedAt: context.now,
    updatedBy: context.actor,
    history: [{ at: context.now, actor: context.actor, field: "status", from: null, to: fields.status }],
  };
}

/**
 * Applies a partial edit when `expectedVersion` matches, returning the next version with one history entry per
 * changed field; a patch that changes nothing returns `current` itself, unversioned.
 */
export function updateInitiative(
  current: Initiative,
  patch: InitiativePatch,
  context: { actor: string; now: string; expectedVersion: number },
): Initiative {
  assertVersion(current, context.expectedVersion);
  const errors: FieldError[] = [];
  for (const key of Object.keys(patch)) {
    if (!isOneOf(EDITABLE_FIELDS, key)) {
      errors.push({
        field: key,
        message: key === "status" ? "changes only through a transition" : "cannot be edited",
      });
    }
  }
  throwIfInvalid(errors, "The change is not allowed");

  const next: InitiativeFields = { ...fieldsOf(current) };
  const assign = next as unknown as Record<string, unknown>;
  for (const key of EDITABLE_FIELDS) {
    if (!(key in patch)) continue;
    const value = (patch as Record<string, unknown>)[key];
    assign[key] = normaliseField(key, value);
  }
  throwIfInvalid(checkInitiativeFields(next), "The change would leave the initiative invalid");

  const history: HistoryEntry[] = [];
  for (const key of EDITABLE_FIELDS) {
    const from = current[key];
    const to = next[key];
    if (!isDeepEqual(from, to)) history.push({ at: context.now, actor: context.actor, field: key, from, to });
  }
  if (history.length === 0) return current;
  return {
    ...current,
    ...next,
    version: current.version + 1,
    updatedAt: context.now,
    updatedBy: context.actor,
    history: [...current.history, ...history],
  };
}

/** Throws a `version-conflict` DomainError carrying the current version when a writer worked on an older copy. */
export function assertVersion(current: Pick<Initiative, "id" | "version">, expectedVersion: number): void {
  if (expectedVersion !== current.version) {
    throw new DomainError(
      "version-conflict",
      `${current.id} was changed by someone else: you edited version ${expectedVersion}, it is now at version ${current.version}`,
      { id: current.id, currentVersion: current.version, expectedVersion },
    );
  }
}

/** Lists every broken invariant of an initiative's fields; empty when the fields are valid. */
export function checkInitiativeFields(fields: InitiativeFields): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  if (typeof fields.title !== "string" || fields.title.length === 0) fail("title", "is required");
  else if (fields.title.length < TITLE_MIN_LENGTH || fields.title.length > TITLE_MAX_LENGTH) {
    fail("title", `must be ${TITLE_MIN_LENGTH} to ${TITLE_MAX_LENGTH} characters`);
  }
  checkText(fields.description, "description", LONG_TEXT_MAX, fail);
  checkText(fields.expectedBenefit, "expectedBenefit", LONG_TEXT_MAX, fail);
  checkText(fields.notes, "notes", LONG_TEXT_MAX, fail);
  if (!isOneOf(INITIATIVE_SOURCES, fields.source))
    fail("source", `must be one of ${INITIATIVE_SOURCES.join(", ")}`);
  if (!isOneOf(INITIATIVE_CATEGORIES, fields.category)) {
    fail("category", `must be one of ${INITIATIVE_CATEGORIES.join(", ")}`);
  }
  checkNameList(fields.services, "services", fail);
  checkNameList(fields.linkedResponseIds, "linkedResponseIds", fail);
  // An empty owner is allowed, as registers kept elsewhere have such rows: the register flags it instead.
  checkText(fields.owner, "owner", SHORT_TEXT_MAX, fail);

  if (!isOneOf(INITIATIVE_STATUSES, fields.status)) {
    fail("status", `must be one of ${INITIATIVE_STATUSES.join(", ")}`);
  } else {
    if (REASONED_STATUSES.includes(fields.status) && !fields.statusReason) {
      fail("statusReason", `is required for a ${fields.status} initiative`);
    }
    checkStage(fields, fail);
    checkClosureCode(fields, fail);
  }
  if (fields.statusReason !== null) checkText(fields.statusReason, "statusReason", LONG_TEXT_MAX, fail);

  if (!isIsoDateOrDateTime(fields.raisedAt))
    fail("raisedAt", "must be a date (YYYY-MM-DD) or an ISO date-time");
  for (const key of ["approvedAt", "startedAt", "reviewedAt", "closedAt"] as const) {
    const value = fields[key];
    if (value !== null && !isIsoDateOrDateTime(value))
      fail(key, "must be a date (YYYY-MM-DD) or an ISO date-time");
  }
  if (fields.implementedAt !== null && !isIsoDate(fields.implementedAt)) {
    fail("implementedAt", "must be a date (YYYY-MM-DD)");
  }

  for (const key of ["estimatedCost", "actualCost"] as const) {
    const cost = fields[key];
    if (cost !== null && !(isFiniteNumber(cost) && cost >= 0)) fail(key, "must be a number >= 0");
  }
  if (!(isFiniteNumber(fields.effort) && fields.effort > 0))
    fail("effort", "must be a number of person-days > 0");
  if (
    fields.manualRank !== null &&
    !(Number.isSafeInteger(fields.manualRank) && (fields.manualRank as number) >= 1)
  ) {
    fail("manualRank", "must be a whole number >= 1, or null");
  }

  checkKpis(fields, fail);
  if (fields.benefitRealised !== null)
    errors.push(...benefitErrors(fields.benefitRealised, "benefitRealised"));
  checkTasks(fields, fail);
  checkRecords(fields.records, fail);
  if (fields.wsjf !== null) checkWsjf(fields.wsjf, fail);
  if (fields.rice !== null) checkRice(fields.rice, fail);
  return errors;
}

/** Lists every invariant that creating an initiative from `input` at `now` would break; empty when it is valid. */
export function validateInitiativeInput(input: InitiativeInput, now: string): FieldError[] {
  return checkInitiativeFields(fieldsFromInput(input, now));
}

/** Throws a `validation` DomainError with `details.fields` when the list of field errors is not empty. */
export function throwIfInvalid(errors: readonly FieldError[], message: string): void {
  if (errors.length === 0) return;
  const named = errors.map((e) => `${e.field} ${e.message}`).join("; ");
  throw new DomainError("validation", `${message}: ${named}`, { fields: [...errors] });
}

/** The editable and workflow fields of an initiative, without id, version and bookkeeping. */
export function fieldsOf(initiative: Initiative): InitiativeFields {
  const {
    id: _id,
    version: _version,
    createdAt: _createdAt,
    createdBy: _createdBy,
    updatedAt: _updatedAt,
    updatedBy: _updatedBy,
    history: _history,
    ...fields
  } = initiative;
  return fields;
}

/** Compares two JSON-like values structurally: arrays by element, objects by key. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Keys whose value is undefined count as absent, as they would after a JSON round trip.
  const keysA = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const keysB = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return keysA.length === keysB.length && keysA.every((k) => isDeepEqual(ra[k], rb[k]));
}

function fieldsFromInput(input: InitiativeInput, now: string): InitiativeFields {
  return {
    title: trim(input.title),
    description: trim(input.description ?? ""),
    source: input.source,
    services: normaliseNames(input.services ?? []),
    category: input.category,
    owner: trim(input.owner),
    status: input.status ?? "proposed",
    statusReason: blankToNull(input.statusReason),
    heldFrom: input.heldFrom ?? null,
    closureCode:
      input.closureCode ??
      proposedClosureCode(input.status ?? "proposed", normaliseBenefit(input.benefitRealised ?? null)),
    raisedAt: input.raisedAt ?? now,
    approvedAt: input.approvedAt ?? null,
    startedAt: input.startedAt ?? null,
    implementedAt: input.implementedAt ?? null,
    reviewedAt: input.reviewedAt ?? null,
    closedAt: input.closedAt ?? null,
    estimatedCost: input.estimatedCost ?? null,
    actualCost: input.actualCost ?? null,
    effort: input.effort,
    expectedBenefit: trim(input.expectedBenefit ?? ""),
    kpi: normaliseKpi(input.kpi ?? null),
    secondaryKpis: normaliseKpis(input.secondaryKpis ?? []),
    linkedResponseIds: normaliseNames(input.linkedResponseIds ?? []),
    notes: trim(input.notes ?? ""),
    benefitRealised: normaliseBenefit(input.benefitRealised ?? null),
    manualRank: input.manualRank ?? null,
    wsjf: input.wsjf ?? null,
    rice: input.rice ?? null,
    tasks: normaliseTasks(input.tasks ?? []),
    records: normaliseRecords(input.records ?? []),
  };
}

function normaliseField(key: EditableField, value: unknown): unknown {
  switch (key) {
    case "title":
    case "owner":
      return trim(value);
    case "description":
    case "expectedBenefit":
    case "notes":
      return value === null || value === undefined ? "" : trim(value);
    case "services":
    case "linkedResponseIds":
      return Array.isArray(value) ? normaliseNames(value) : value;
    case "kpi":
      return normaliseKpi((value ?? null) as KpiInput | null);
    case "secondaryKpis":
      return Array.isArray(value) ? normaliseKpis(value) : value;
    case "benefitRealised":
      return normaliseBenefit((value ?? null) as BenefitAssessment | null);
    case "tasks":
      return Array.isArray(value) ? normaliseTasks(value) : value;
    case "records":
      return Array.isArray(value) ? normaliseRecords(value) : value;
    default:
      return value === undefined ? null : value;
  }
}

function normaliseKpi(kpi: KpiInput | null): Kpi | null {
  if (kpi === null || typeof kpi !== "object") return kpi;
  const dimension = kpi.dimension;
  return {
    metric: kpi.metric ?? "csat",
    dimension,
    value: dimension === "all" ? "all" : trim(kpi.value),
    baseline: kpi.baseline,
    target: kpi.target,
    targetDate: kpi.targetDate,
    ...(kpi.impactWindows ? { impactWindows: kpi.impactWindows } : {}),
  };
}

function normaliseKpis(kpis: readonly KpiInput[]): Kpi[] {
  return kpis.map((kpi) => normaliseKpi(kpi) as Kpi);
}

function normaliseBenefit(benefit: BenefitAssessment | null): BenefitAssessment | null {
  if (benefit === null || typeof benefit !== "object") return benefit;
  return { outcome: benefit.outcome, reason: blankToNull(benefit.reason) };
}

function normaliseNames(values: readonly unknown[]): string[] {
  const names = values.map((v) => (typeof v === "string" ? v.trim() : (v as string)));
  return [...new Set(names)];
}

function trim(value: unknown): string {
  return typeof value === "string" ? value.trim() : (value as string);
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

type Fail = (field: string, message: string) => void;

/**
 * The go-live and benefit rules of the stage an initiative is at: an on-hold one is judged as the status it was
 * held from, a cancelled one keeps whatever its stage had when it was stopped.
 */
function checkStage(fields: InitiativeFields, fail: Fail): void {
  const onHold = fields.status === "on-hold";
  if (onHold && !isOneOf(OPEN_STATUSES, fields.heldFrom)) {
    fail("heldFrom", `must be the open status it was held from: one of ${OPEN_STATUSES.join(", ")}`);
  }
  if (!onHold && fields.heldFrom !== null) fail("heldFrom", "is set only while the initiative is on hold");
  if (fields.status === "cancelled") return;
  const stage = onHold ? fields.heldFrom : fields.status;
  if (stage === null) return;
  const implemented = IMPLEMENTED_OR_LATER.includes(stage);
  if (implemented && fields.implementedAt === null) {
    fail("implementedAt", `the go-live date is required once ${stage}`);
  }
  if (!implemented && fields.implementedAt !== null) {
    fail("implementedAt", "is set only when the initiative is implemented");
  }
  const reviewed = REVIEWED_OR_LATER.includes(stage);
  if (reviewed && fields.benefitRealised === null) {
    fail("benefitRealised", `a benefit assessment is required once ${stage}`);
  }
  if (!reviewed && fields.benefitRealised !== null) {
    fail("benefitRealised", "is recorded only when the initiative is reviewed");
  }
}

function checkClosureCode(fields: InitiativeFields, fail: Fail): void {
  const code = fields.closureCode;
  if (!ENDED.includes(fields.status)) {
    if (code !== null) fail("closureCode", "is recorded only when the initiative is closed or cancelled");
  } else if (!isOneOf(CLOSURE_CODES, code)) {
    fail("closureCode", `must be one of ${CLOSURE_CODES.join(", ")}`);
  } else if (fields.status === "cancelled" && code !== "withdrawn") {
    fail("closureCode", "a cancelled initiative is withdrawn");
  }
}

function checkText(value: unknown, field: string, max: number, fail: Fail): void {
  if (typeof value !== "string") fail(field, "must be text");
  else if (value.length > max) fail(field, `must be at most ${max} characters`);
}

function checkNameList(values: unknown, field: string, fail: Fail): void {
  if (!Array.isArray(values)) {
    fail(field, "must be a list");
    return;
  }
  if (values.some((v) => typeof v !== "string" || v.length === 0 || v.length > SHORT_TEXT_MAX)) {
    fail(field, `must hold non-empty names of at most ${SHORT_TEXT_MAX} characters`);
  }
}

/**
 * The primary KPI and the secondary ones: each valid, at most `MAX_SECONDARY_KPIS` beside the primary, none without
 * a primary, and no series twice, since two goals for one series would give two verdicts on the same figure.
 */
function checkKpis(fields: InitiativeFields, fail: Fail): void {
  if (fields.kpi !== null) checkKpi(fields.kpi, "kpi", fail);
  const secondary = fields.secondaryKpis;
  if (!Array.isArray(secondary)) {
    fail("secondaryKpis", "must be a list");
    return;
  }
  if (secondary.length > MAX_SECONDARY_KPIS) {
    fail("secondaryKpis", `must hold at most ${MAX_SECONDARY_KPIS} KPIs beside the primary one`);
  }
  if (secondary.length > 0 && fields.kpi === null) {
    fail("kpi", "is required when secondary KPIs are given: one KPI is the primary");
  }
  const seen = new Set<string>();
  if (fields.kpi !== null && typeof fields.kpi === "object") seen.add(seriesOf(fields.kpi));
  for (const [index, kpi] of secondary.entries()) {
    const at = `secondaryKpis.${index}`;
    if (kpi === null || typeof kpi !== "object") {
      fail(at, "must be a KPI");
      continue;
    }
    checkKpi(kpi, at, fail);
    // A secondary KPI is a line of `|`-parted cells in the register file, as a task is.
    if (typeof kpi.value === "string" && !TASK_TEXT.test(kpi.value))
      fail(`${at}.value`, "cannot hold | or a line break");
    const series = seriesOf(kpi);
    if (seen.has(series))
      fail(`${at}.value`, `${describeKpiSeries(kpi)} is already a KPI of this initiative`);
    seen.add(series);
  }
}

function seriesOf(kpi: Kpi): string {
  return `${kpi.metric}:${kpi.dimension}:${kpi.value}`;
}

/** Names the series a KPI reads, e.g. `service "Remote access"` or `all services`. */
export function describeKpiSeries(kpi: Pick<Kpi, "dimension" | "value">): string {
  return kpi.dimension === "all" ? "all services" : `${kpi.dimension} "${kpi.value}"`;
}

function checkKpi(kpi: Kpi, at: string, fail: Fail): void {
  if (!isOneOf(KPI_METRICS, kpi.metric)) fail(`${at}.metric`, `must be one of ${KPI_METRICS.join(", ")}`);
  if (!isOneOf(KPI_DIMENSIONS, kpi.dimension)) {
    fail(`${at}.dimension`, `must be one of ${KPI_DIMENSIONS.join(", ")}`);
  }
  if (typeof kpi.value !== "string" || kpi.value.length === 0) fail(`${at}.value`, "is required");
  for (const key of ["baseline", "target"] as const) {
    const value = kpi[key];
    if (!(isFiniteNumber(value) && value >= 0 && value <= 1))
      fail(`${at}.${key}`, "must be a share between 0 and 1");
  }
  if (!isIsoDate(kpi.targetDate)) fail(`${at}.targetDate`, "must be a date (YYYY-MM-DD)");
  if (kpi.impactWindows !== undefined) checkImpactWindows(kpi.impactWindows, `${at}.impactWindows`, fail);
}

function checkImpactWindows(windows: KpiImpactWindows, at: string, fail: Fail): void {
  if (windows === null || typeof windows !== "object") {
    fail(at, "must be an object with beforeWeeks, afterWeeks and settlingDays");
    return;
  }
  for (const key of ["beforeWeeks", "afterWeeks"] as const) {
    const value = windows[key];
    if (!(Number.isSafeInteger(value) && value >= 1 && value <= IMPACT_WINDOW_MAX_WEEKS)) {
      fail(`${at}.${key}`, `must be a whole number of weeks from 1 to ${IMPACT_WINDOW_MAX_WEEKS}`);
    }
  }
  const settling = windows.settlingDays;
  if (!(Number.isSafeInteger(settling) && settling >= 0 && settling <= IMPACT_SETTLING_MAX_DAYS)) {
    fail(`${at}.settlingDays`, `must be a whole number of days from 0 to ${IMPACT_SETTLING_MAX_DAYS}`);
  }
}

/** Lists what is wrong with a benefit assessment, naming fields under `prefix` (e.g. `benefit.reason`). */
export function benefitErrors(benefit: BenefitAssessment, prefix: string): FieldError[] {
  if (benefit === null || typeof benefit !== "object")
    return [{ field: prefix, message: "must be an assessment" }];
  if (!isOneOf(BENEFIT_OUTCOMES, benefit.outcome)) {
    return [{ field: `${prefix}.outcome`, message: `must be one of ${BENEFIT_OUTCOMES.join(", ")}` }];
  }
  if (benefit.outcome === "not-realised" && !benefit.reason) {
    return [{ field: `${prefix}.reason`, message: "is required when the benefit was not realised" }];
  }
  return [];
}

/** The share of an initiative's work done, 0..100: done tasks over those not cancelled; null with none to count. */
export function percentComplete(tasks: readonly InitiativeTask[]): number | null {
  const counted = tasks.filter((task) => task.state !== "cancelled");
  if (counted.length === 0) return null;
  return Math.round((100 * counted.filter((task) => task.state === "done").length) / counted.length);
}

/** The tasks still to finish (open or in progress), which keep an initiative from closing. */
export function unfinishedTasks(tasks: readonly InitiativeTask[]): InitiativeTask[] {
  return tasks.filter((task) => task.state === "open" || task.state === "in-progress");
}

function normaliseTasks(tasks: readonly InitiativeTask[]): InitiativeTask[] {
  return tasks.map((task) =>
    task !== null && typeof task === "object"
      ? {
          title: trim(task.title),
          owner: trim(task.owner ?? ""),
          due: blankToNull(task.due),
          state: task.state,
        }
      : task,
  );
}

// A bar or a line break would split a task in the register file, where each task is a line of `|`-parted cells.
const TASK_TEXT = /^[^|\r\n]*$/;

function checkTasks(fields: InitiativeFields, fail: Fail): void {
  if (!Array.isArray(fields.tasks)) {
    fail("tasks", "must be a list");
    return;
  }
  if (fields.tasks.length > MAX_TASKS) fail("tasks", `must hold at most ${MAX_TASKS} tasks`);
  for (const [index, task] of fields.tasks.entries()) {
    const at = `tasks.${index}`;
    if (task === null || typeof task !== "object") {
      fail(at, "must be a task");
      continue;
    }
    if (typeof task.title !== "string" || task.title.length === 0 || task.title.length > SHORT_TEXT_MAX) {
      fail(`${at}.title`, `must be 1 to ${SHORT_TEXT_MAX} characters`);
    } else if (!TASK_TEXT.test(task.title)) fail(`${at}.title`, "cannot hold | or a line break");
    if (typeof task.owner !== "string" || task.owner.length > SHORT_TEXT_MAX || !TASK_TEXT.test(task.owner)) {
      fail(`${at}.owner`, `must be at most ${SHORT_TEXT_MAX} characters, without | or a line break`);
    }
    if (task.due !== null && !isIsoDate(task.due)) fail(`${at}.due`, "must be a date (YYYY-MM-DD)");
    if (!isOneOf(TASK_STATES, task.state)) fail(`${at}.state`, `must be one of ${TASK_STATES.join(", ")}`);
  }
}

function normaliseRecords(records: readonly ServiceDeskRecordInput[]): ServiceDeskRecord[] {
  return records.map((record) =>
    record !== null && typeof record === "object"
      ? { kind: record.kind, id: trim(record.id), url: blankToNull(record.url) }
      : record,
  );
}

const RECORD_ID_MAX = 100;
const RECORD_URL_MAX = 2000;

function checkRecords(records: readonly ServiceDeskRecord[], fail: Fail): void {
  if (!Array.isArray(records)) {
    fail("records", "must be a list");
    return;
  }
  if (records.length > MAX_RECORDS) fail("records", `must hold at most ${MAX_RECORDS} records`);
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    const at = `records.${index}`;
    if (record === null || typeof record !== "object") {
      fail(at, "must be a record");
      continue;
    }
    if (!isOneOf(RECORD_KINDS, record.kind)) fail(`${at}.kind`, `must be one of ${RECORD_KINDS.join(", ")}`);
    if (typeof record.id !== "string" || record.id.length === 0 || record.id.length > RECORD_ID_MAX) {
      fail(`${at}.id`, `must be 1 to ${RECORD_ID_MAX} characters`);
    } else if (!TASK_TEXT.test(record.id)) fail(`${at}.id`, "cannot hold | or a line break");
    else if (seen.has(`${record.kind}:${record.id}`))
      fail(`${at}.id`, `links ${record.kind} ${record.id} twice`);
    else seen.add(`${record.kind}:${record.id}`);
    if (record.url !== null && !isWebAddress(record.url)) {
      fail(`${at}.url`, `must be an http or https address of at most ${RECORD_URL_MAX} characters`);
    }
  }
}

function isWebAddress(value: unknown): boolean {
  if (typeof value !== "string" || value.length > RECORD_URL_MAX || !TASK_TEXT.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function checkWsjf(wsjf: WsjfInputs, fail: Fail): void {
  for (const key of ["businessValue", "timeCriticality", "riskReduction", "jobSize"] as const) {
    const value = wsjf[key];
    if (!(isFiniteNumber(value) && value >= WSJF_MIN && value <= WSJF_MAX)) {
      fail(`wsjf.${key}`, `must be between ${WSJF_MIN} and ${WSJF_MAX}`);
    }
  }
}

function checkRice(rice: RiceInputs, fail: Fail): void {
  if (!(isFiniteNumber(rice.reach) && rice.reach >= 0)) fail("rice.reach", "must be a number >= 0");
  if (!(isFiniteNumber(rice.impact) && rice.impact >= RICE_IMPACT_MIN && rice.impact <= RICE_IMPACT_MAX)) {
    fail("rice.impact", `must be between ${RICE_IMPACT_MIN} and ${RICE_IMPACT_MAX}`);
  }
  if (!(isFiniteNumber(rice.confidence) && rice.confidence >= 0 && rice.confidence <= 1)) {
    fail("rice.confidence", "must be a share between 0 and 1");
  }
}

// Storable, not merely finite: 1e308 or 1e-320 would pass a range check and then fail in DynamoDB.
function isFiniteNumber(value: unknown): value is number {
  return isStorableNumber(value);
}
