/** Response shapes of the staff API that the app reads (see `GET /api/openapi.json`). */

export type Interval = "day" | "week" | "month" | "quarter";
export const DIMENSIONS = [
  "service",
  "category",
  "assignmentGroup",
  "agent",
  "priority",
  "channel",
  "slaBreached",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

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
  control: { ucl: number | null; lcl: number | null; signals: string[] };
}

export interface ControlSummary {
  centre: number | null;
  baseline: { from: string | null; to: string | null; n: number };
  signals: { type: string; start: string; index: number }[];
}

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
] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];
export const INITIATIVE_CATEGORIES = ["process", "technology", "people", "supplier"] as const;
export const INITIATIVE_SOURCES = [
  "survey-feedback",
  "incident-trend",
  "problem",
  "audit",
  "supplier-review",
  "staff-idea",
] as const;
export const BENEFIT_OUTCOMES = ["realised", "partly", "not-realised"] as const;

/** The workflow as the API enforces it; the app offers only these steps and shows the API's answer if it refuses. */
export const NEXT_STATUSES: Record<InitiativeStatus, readonly InitiativeStatus[]> = {
  proposed: ["approved", "rejected", "deferred"],
  approved: ["planned", "rejected", "deferred"],
  planned: ["in-progress"],
  "in-progress": ["implemented"],
  implemented: ["reviewed"],
  reviewed: ["closed"],
  closed: [],
  rejected: [],
  deferred: ["proposed"],
};

export interface Kpi {
  metric?: "csat";
  dimension: "all" | Dimension;
  value: string;
  baseline: number;
  target: number;
  targetDate: string;
}

export interface BacklogEntry {
  id: string;
  title: string;
  status: InitiativeStatus;
  services: string[];
  category: string;
  owner: string;
  effort: number;
  estimatedCost: number | null;
  kpi: Kpi | null;
  manualRank: number | null;
  version: number;
  raisedAt: string;
  implementedAt: string | null;
  updatedAt: string;
}

export interface ScorePart {
  name: string;
  value: number;
  weight?: number;
  input?: number;
  explanation: string;
}

export interface PriorityScore {
  score: number;
  model: string;
  parts: ScorePart[];
}

export interface PrioritySettings {
  model: "csat-gap" | "wsjf" | "rice";
  weights: { gap: number; volume: number; strategic: number };
  serviceWeights: Record<string, number>;
}

export interface Backlog {
  items: { rank: number; pinned: boolean; priority: PriorityScore; initiative: BacklogEntry }[];
  total: number;
  nextCursor: string | null;
  settings: PrioritySettings;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  field: string;
  from: unknown;
  to: unknown;
  reason?: string;
}

export interface Initiative extends BacklogEntry {
  description: string;
  source: string;
  expectedBenefit: string;
  notes: string;
  statusReason: string | null;
  approvedAt: string | null;
  startedAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  benefitRealised: { outcome: string; reason: string | null } | null;
  linkedResponseIds: string[];
  createdAt: string;
  createdBy: string;
  updatedBy: string;
  history: HistoryEntry[];
}

export interface ImportReport {
  dryRun: boolean;
  imported: number;
  accepted: { line: number; id: string | null; title: string }[];
  rejected: { line: number; errors: { field: string; message: string }[] }[];
  columns: { mapped: Record<string, string>; ignored: string[]; missing: string[] };
}

export interface FollowUpCase {
  id: string;
  responseId: string;
  ticketId: string | null;
  ticketTitle: string | null;
  requesterName: string | null;
  service: string | null;
  ownerGroup: string | null;
  rating: number;
  comment: string | null;
  status: "open" | "contacted" | "resolved";
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  contactedAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  initiativeId: string | null;
  notes: { at: string; actor: string; text: string }[];
  version: number;
}

export interface ImpactWindow {
  n: number;
  positive: number;
  csat: number | null;
  ci: ShareInterval | null;
}

/** An initiative's before/after assessment (`/api/v1/initiatives/{id}/impact`). */
export interface Impact {
  goLive: string;
  complete: boolean;
  windows: { before: { from: string; to: string }; after: { from: string; to: string } };
  target: {
    before: ImpactWindow;
    after: ImpactWindow;
    change: { difference: number; low: number; high: number; pValue: number } | null;
  };
  comparison: { before: ImpactWindow; after: ImpactWindow } | null;
  differenceInDifferences: { estimate: number; low: number; high: number; pValue: number } | null;
  judgedOn: string;
  verdict: "improved" | "no-detectable-change" | "worsened" | "insufficient-data";
  sampleNeeded: number;
  sampleShortfall: { before: number; after: number };
}

export type TargetStatus = "on-track" | "at-risk" | "off-track" | "no-data";

export interface Judgement {
  actual: number | null;
  ci: ShareInterval | null;
  target: number;
  gap: number | null;
  status: TargetStatus;
}

/** `/api/v1/targets/status`: each target in force for a period, judged with the interval, month by month. */
export interface TargetStatusReport {
  period: string;
  from: string;
  to: string;
  through: string;
  targets: (Judgement & {
    service: string | null;
    setFor: string;
    n: number;
    months: (Judgement & { month: string; n: number })[];
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

export interface Theme {
  key: string;
  label: string;
  count: number;
  responseIds: string[];
  sample: string[];
}

/** `/api/v1/themes`. */
export interface Themes {
  from: string;
  to: string;
  comments: number;
  themes: Theme[];
  growing:
    | {
        key: string;
        label: string;
        previousCount: number;
        currentCount: number;
        growth: number;
        significant: boolean;
      }[]
    | null;
}

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
