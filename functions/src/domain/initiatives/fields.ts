import { DIMENSIONS } from "../dimensions.js";

/**
 * The closed vocabularies of the CSI register, as `as const` arrays so that the HTTP edge can build its zod
 * enums from the same lists the domain checks against.
 */

export const INITIATIVE_SOURCES = [
  "survey-feedback",
  "incident-trend",
  "problem",
  "audit",
  "supplier-review",
  "staff-idea",
] as const;
export type InitiativeSource = (typeof INITIATIVE_SOURCES)[number];

export const INITIATIVE_CATEGORIES = ["process", "technology", "people", "supplier"] as const;
export type InitiativeCategory = (typeof INITIATIVE_CATEGORIES)[number];

/** In workflow order; `rejected` and `deferred` are the side exits, `on-hold` a pause and `cancelled` a final stop. */
export const INITIATIVE_STATUSES = [
  "proposed",
  "approved",
  "planned",
  "in-progress",
  "implemented",
  "reviewed",
  "closed",
  "rejected",
  "deferred",
  "on-hold",
  "cancelled",
] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** The statuses of work still open: each may be put on hold or cancelled, and an on-hold initiative resumes to one. */
export const OPEN_STATUSES = [
  "proposed",
  "approved",
  "planned",
  "in-progress",
  "implemented",
  "reviewed",
  "deferred",
] as const satisfies readonly InitiativeStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** The statuses that need a reason to move to; an initiative in one keeps it as `statusReason`. */
export const REASONED_STATUSES: readonly InitiativeStatus[] = [
  "rejected",
  "deferred",
  "on-hold",
  "cancelled",
];

/** How an initiative ended, as ServiceNow's Continual Improvement Management names it. */
export const CLOSURE_CODES = ["successful", "partially-successful", "unsuccessful", "withdrawn"] as const;
export type ClosureCode = (typeof CLOSURE_CODES)[number];

/** The states of an initiative's task; done and cancelled ones are finished. */
export const TASK_STATES = ["open", "in-progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];
/** The most tasks one initiative holds. */
export const MAX_TASKS = 100;

/**
 * The service-desk records an initiative links to: the incidents and problems it answers and the changes that
 * carry it out, as ITIL's incident, problem and change practices keep them (a known error is a problem record).
 */
export const RECORD_KINDS = ["incident", "problem", "change"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** The most service-desk records one initiative links to. */
export const MAX_RECORDS = 50;

/** What the register flags as a sign of a "graveyard": open initiatives that nobody owns, measures or moves. */
export const GRAVEYARD_FLAGS = ["no-owner", "no-target", "review-overdue", "stale"] as const;
export type GraveyardFlag = (typeof GRAVEYARD_FLAGS)[number];

/** The statuses the backlog shows unless asked otherwise: everything not yet implemented or decided against, or paused. */
export const BACKLOG_STATUSES: readonly InitiativeStatus[] = [
  "proposed",
  "approved",
  "planned",
  "in-progress",
  "on-hold",
];

/** The only KPI metric today; kept as a field so that others (mean score, response rate) can join later. */
export const KPI_METRICS = ["csat"] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** The most KPIs an initiative keeps beside its primary one. */
export const MAX_SECONDARY_KPIS = 5;

/** A KPI reads one satisfaction series: the whole organisation ("all") or one value of a reporting dimension. */
export const KPI_DIMENSIONS = ["all", ...DIMENSIONS] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export const BENEFIT_OUTCOMES = ["realised", "partly", "not-realised"] as const;
export type BenefitOutcome = (typeof BENEFIT_OUTCOMES)[number];

export const PRIORITY_MODELS = ["csat-gap", "wsjf", "rice"] as const;
export type PriorityModel = (typeof PRIORITY_MODELS)[number];

/** The fields a PATCH may change; status and workflow dates move only through transitions. */
export const EDITABLE_FIELDS = [
  "title",
  "description",
  "source",
  "services",
  "category",
  "owner",
  "estimatedCost",
  "actualCost",
  "effort",
  "expectedBenefit",
  "kpi",
  "secondaryKpis",
  "linkedResponseIds",
  "notes",
  "manualRank",
  "wsjf",
  "rice",
  "implementedAt",
  "benefitRealised",
  "tasks",
  "records",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const TITLE_MIN_LENGTH = 3;
export const TITLE_MAX_LENGTH = 200;
/** WSJF inputs use a 1..10 scale (a relative Fibonacci-like scale also fits inside it). */
export const WSJF_MIN = 1;
export const WSJF_MAX = 10;
/** RICE impact on Intercom's scale: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive. */
export const RICE_IMPACT_MIN = 0.25;
export const RICE_IMPACT_MAX = 3;

/** Tells whether a value is one of the members of a closed vocabulary. */
export function isOneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}
