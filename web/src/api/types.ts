/**
 * Response shapes of the staff API that the app reads (see `GET /api/openapi.json`). Vocabularies and shapes that
 * the API passes through from the domain come from the domain itself, so the app cannot drift from what the API
 * checks; those domain modules are pure TypeScript, and esbuild bundles only the few values the app uses.
 */

import type { InitiativeImpact } from "../../../functions/src/app/analytics/initiative-impact.js";
import type { Bucket, ControlResult } from "../../../functions/src/app/metrics/read-satisfaction.js";
import type { BacklogEntry } from "../../../functions/src/app/ports.js";
import type { FollowUpCase as DomainFollowUpCase } from "../../../functions/src/domain/follow-ups/follow-up-case.js";
import type { Kpi as DomainKpi } from "../../../functions/src/domain/initiatives/initiative.js";
import type { PriorityScore, PrioritySettings } from "../../../functions/src/domain/initiatives/priority.js";
import type { WindowResult } from "../../../functions/src/domain/statistics/impact.js";
import type { TargetJudgement } from "../../../functions/src/domain/statistics/targets.js";
import type { ThemesBody } from "../../../functions/src/http/contracts/themes.js";

/** The part of an initiative that a backlog row carries. */
export type { BacklogEntry } from "../../../functions/src/app/ports.js";
export { DIMENSIONS, type Dimension } from "../../../functions/src/domain/dimensions.js";
export {
  BENEFIT_OUTCOMES,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
} from "../../../functions/src/domain/initiatives/fields.js";
export type { HistoryEntry, Initiative } from "../../../functions/src/domain/initiatives/initiative.js";
export type {
  PriorityScore,
  PrioritySettings,
  ScorePart,
} from "../../../functions/src/domain/initiatives/priority.js";
/** The workflow as the API enforces it; the app offers only these steps and shows the API's answer if it refuses. */
export { TRANSITIONS as NEXT_STATUSES } from "../../../functions/src/domain/initiatives/workflow.js";
export type { TargetStatus } from "../../../functions/src/domain/statistics/targets.js";
export { MIN_JUDGED_RESPONSES } from "../../../functions/src/domain/statistics/targets.js";

export type Interval = "day" | "week" | "month" | "quarter";

export interface ShareInterval {
  low: number;
  high: number;
}

export interface Summary {
  n: number;
  positive: number;
  csat: number | null;
  mean: number | null;
  ci: ShareInterval | null;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
  invited: number | null;
  skipped: number;
  responseRate: number | null;
}

export interface SatisfactionBucket extends Summary {
  start: string;
  control: Bucket["control"];
}

/** The control chart of a series: its baseline, limits, rules, stated false-alarm rate and signals. */
export type ControlSummary = ControlResult;

export interface SatisfactionSeries {
  value?: string;
  buckets: SatisfactionBucket[];
  totals: Summary;
  control: ControlSummary;
}

export interface Satisfaction {
  from: string;
  to: string;
  interval: Interval;
  filters: Record<string, string>;
  groupBy?: string;
  buckets?: SatisfactionBucket[];
  totals?: Summary;
  control?: ControlSummary;
  series?: SatisfactionSeries[] | { dimension: string; value: string };
}

/** A KPI as the app sends it; the API fills in the metric when it is left out. */
export type Kpi = Omit<DomainKpi, "metric"> & Partial<Pick<DomainKpi, "metric">>;

export interface Backlog {
  items: { rank: number; pinned: boolean; priority: PriorityScore; initiative: BacklogEntry }[];
  total: number;
  nextCursor: string | null;
  settings: PrioritySettings;
}

export interface ImportReport {
  dryRun: boolean;
  imported: number;
  accepted: { line: number; id: string | null; title: string }[];
  rejected: { line: number; errors: { field: string; message: string }[] }[];
  columns: { mapped: Record<string, string>; ignored: string[]; missing: string[] };
}

/** A follow-up case with the ticket's title and requester, and whether it is past due, as the queue shows it. */
export interface FollowUpCase extends DomainFollowUpCase {
  ticketTitle: string | null;
  requesterName: string | null;
  overdue: boolean;
}

export type ImpactWindow = WindowResult;

/** An initiative's before/after assessment (`/api/v1/initiatives/{id}/impact`), as the use case returns it. */
export type Impact = Awaited<ReturnType<InitiativeImpact>>;

/** `/api/v1/targets/status`: each target in force for a period, judged with the interval, month by month. */
export interface TargetStatusReport {
  period: string;
  from: string;
  to: string;
  through: string;
  targets: (TargetJudgement & {
    service: string | null;
    setFor: string;
    n: number;
    months: (TargetJudgement & { month: string; n: number })[];
  })[];
}

export interface Change {
  difference: number;
  low: number;
  high: number;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
}

/** `/api/v1/metrics/comparison`. */
export interface Comparison {
  dimension: string;
  a: { from: string; to: string };
  b: { from: string; to: string };
  overall: { a: Summary; b: Summary; change: Change | null };
  rows: { value: string; a: Summary; b: Summary; change: Change | null }[];
}

/** `/api/v1/themes`, typed from the schema the server checks it against. */
export type Themes = ThemesBody;

/** `/api/v1/responses`. */
export interface ResponsePage {
  items: {
    surveyId: string;
    day: string;
    ticketId: string;
    title: string;
    dimensions: Record<string, string>;
    score: number;
    comment: string | null;
    reasons: string[];
    locale: string;
  }[];
  nextCursor: string | null;
}
