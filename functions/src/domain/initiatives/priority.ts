import { isStorableNumber } from "../storable-number.js";
import { isOneOf, PRIORITY_MODELS, type PriorityModel } from "./fields.js";
import { DEFAULT_STALE_AFTER_DAYS, MAX_STALE_AFTER_DAYS } from "./graveyard.js";
import {
  compareInitiativeIds,
  describeKpiSeries,
  type FieldError,
  type Initiative,
  type Kpi,
  throwIfInvalid,
} from "./initiative.js";

/**
 * Explainable prioritisation of the CSI backlog. Every score comes with its parts, so a reader can redo the sum.
 *
 * `csat-gap` (the default) values an initiative by the satisfaction it stands to win, per person-day:
 *
 *     score = ( gapWeight       * max(0, kpi.target - currentCsat) * 100     // gap in percentage points
 *             + volumeWeight    * log10(1 + responsesPerMonth)               // how many people feel it
 *             + strategicWeight * serviceWeight                              // how much the service matters
 *             ) / effort                                                     // person-days
 *
 * The volume term is logarithmic so that a service with ten times the traffic counts more, but does not drown
 * every smaller service. `currentCsat` and `responsesPerMonth` are live figures passed in as a `KpiSnapshot`;
 * without a live csat the KPI's baseline stands in, and without a KPI neither the gap nor the volume counts.
 * `serviceWeight` is the highest weight among the initiative's services (unlisted services weigh
 * `UNLISTED_SERVICE_WEIGHT`).
 *
 * `wsjf`: (businessValue + timeCriticality + riskReduction) / jobSize, each input on a 1..10 scale.
 * `rice`: reach * impact * confidence / effort (person-days).
 * An initiative lacking the inputs of the chosen model scores 0 and says so in its parts.
 */

export interface PriorityWeights {
  gap: number;
  volume: number;
  strategic: number;
}

/** How the backlog is scored; set by a head of service management. */
export interface PrioritySettings {
  model: PriorityModel;
  weights: PriorityWeights;
  /** Strategic weight per service name; services not listed weigh `UNLISTED_SERVICE_WEIGHT`. */
  serviceWeights: Record<string, number>;
  /** Days without a change after which an open initiative is flagged as stale. */
  staleAfterDays: number;
  /** The estimated cost above which (or with no estimate) only a head approves an initiative; null: any manager. */
  approvalThreshold: number | null;
}

/** The live figures of an initiative's KPI series, read from the satisfaction aggregates. */
export interface KpiSnapshot {
  /** Current share of satisfied ratings, 0..1; null when the series has no ratings yet. */
  csat: number | null;
  responsesPerMonth: number;
}

/** One term of a score: its contribution `value`, the `weight` applied, the raw `input`, and a sentence. */
export interface ScorePart {
  name: string;
  value: number;
  weight?: number;
  input?: number;
  explanation: string;
}

export interface PriorityScore {
  score: number;
  model: PriorityModel;
  parts: ScorePart[];
}

/** The fields prioritisation reads; a full `Initiative` fits. */
export type Prioritisable = Pick<
  Initiative,
  "id" | "services" | "effort" | "kpi" | "wsjf" | "rice" | "manualRank"
>;

export interface RankedInitiative<T extends Prioritisable = Initiative> {
  /** 1-based position in the backlog. */
  rank: number;
  /** True when the position comes from a manager's manual rank rather than the score. */
  pinned: boolean;
  initiative: T;
  priority: PriorityScore;
}

export const UNLISTED_SERVICE_WEIGHT = 1;

/**
 * Default weights put the three csat-gap terms on a similar footing: a 10-point gap (10), a service with about
 * 100 responses a month (5 * 2 = 10) and a service of weight 5 (2 * 5 = 10) each add about ten.
 */
export const DEFAULT_PRIORITY_SETTINGS: PrioritySettings = {
  model: "csat-gap",
  weights: { gap: 1, volume: 5, strategic: 2 },
  serviceWeights: {},
  staleAfterDays: DEFAULT_STALE_AFTER_DAYS,
  approvalThreshold: null,
};

/** The key under which a KPI's live snapshot is looked up, e.g. `service:Remote access`. */
export function kpiSeriesKey(kpi: Pick<Kpi, "dimension" | "value">): string {
  return `${kpi.dimension}:${kpi.value}`;
}

/** Checks priority settings (known model, finite non-negative weights) and returns them, or throws `validation`. */
export function validatePrioritySettings(settings: PrioritySettings): PrioritySettings {
  const errors: FieldError[] = [];
  if (!isOneOf(PRIORITY_MODELS, settings.model)) {
    errors.push({ field: "model", message: `must be one of ${PRIORITY_MODELS.join(", ")}` });
  }
  for (const key of ["gap", "volume", "strategic"] as const) {
    if (!isWeight(settings.weights?.[key]))
      errors.push({ field: `weights.${key}`, message: "must be a number >= 0" });
  }
  for (const [service, weight] of Object.entries(settings.serviceWeights ?? {})) {
    if (service.trim() === "")
      errors.push({ field: "serviceWeights", message: "service names cannot be empty" });
    if (!isWeight(weight))
      errors.push({ field: `serviceWeights.${service}`, message: "must be a number >= 0" });
  }
  const stale = settings.staleAfterDays;
  if (!(Number.isSafeInteger(stale) && stale >= 1 && stale <= MAX_STALE_AFTER_DAYS)) {
    errors.push({
      field: "staleAfterDays",
      message: `must be a whole number of days from 1 to ${MAX_STALE_AFTER_DAYS}`,
    });
  }
  const threshold = settings.approvalThreshold;
  if (threshold !== null && !isWeight(threshold)) {
    errors.push({ field: "approvalThreshold", message: "must be a cost >= 0, or null" });
  }
  throwIfInvalid(errors, "The priority settings are not valid");
  return settings;
}

/** Scores one initiative under the settings' model, returning the score with the parts that make it up. */
export function scoreInitiative(
  item: Prioritisable,
  settings: PrioritySettings,
  snapshot?: KpiSnapshot,
): PriorityScore {
  switch (settings.model) {
    case "wsjf":
      return scoreWsjf(item);
    case "rice":
      return scoreRice(item);
    default:
      return scoreCsatGap(item, settings, snapshot);
  }
}

/**
 * Ranks a backlog: manually ranked initiatives first (by manual rank), then the rest by score, highest first;
 * ties go to the older initiative (lower id). `snapshots` is keyed by `kpiSeriesKey`.
 */
export function rankBacklog<T extends Prioritisable>(
  items: readonly T[],
  settings: PrioritySettings,
  snapshots: ReadonlyMap<string, KpiSnapshot> = new Map(),
): RankedInitiative<T>[] {
  const scored = items.map((initiative) => ({
    initiative,
    priority: scoreInitiative(
      initiative,
      settings,
      initiative.kpi ? snapshots.get(kpiSeriesKey(initiative.kpi)) : undefined,
    ),
  }));
  scored.sort((a, b) => {
    const ra = a.initiative.manualRank;
    const rb = b.initiative.manualRank;
    if (ra !== null && rb === null) return -1;
    if (ra === null && rb !== null) return 1;
    if (ra !== null && rb !== null && ra !== rb) return ra - rb;
    if (a.priority.score !== b.priority.score) return b.priority.score - a.priority.score;
    return compareInitiativeIds(a.initiative.id, b.initiative.id);
  });
  return scored.map((entry, index) => ({
    rank: index + 1,
    pinned: entry.initiative.manualRank !== null,
    ...entry,
  }));
}

function scoreCsatGap(
  item: Prioritisable,
  settings: PrioritySettings,
  snapshot?: KpiSnapshot,
): PriorityScore {
  const { weights } = settings;
  const parts: ScorePart[] = [];
  const kpi = item.kpi;

  if (kpi === null) {
    parts.push({
      name: "gap",
      value: 0,
      weight: weights.gap,
      input: 0,
      explanation: "No KPI set, so no gap counts.",
    });
    parts.push({
      name: "volume",
      value: 0,
      weight: weights.volume,
      input: 0,
      explanation: "No KPI set, so no volume counts.",
    });
  } else {
    const live = snapshot && isShare(snapshot.csat) ? snapshot.csat : null;
    const current = live ?? kpi.baseline;
    const gapPoints = Math.max(0, kpi.target - current) * 100;
    const currentLabel =
      live === null ? `baseline ${percent(current)} (no live figure)` : `current ${percent(current)}`;
    parts.push({
      name: "gap",
      value: weights.gap * gapPoints,
      weight: weights.gap,
      input: gapPoints,
      explanation:
        `csat of ${describeKpiSeries(kpi)}: target ${percent(kpi.target)} - ${currentLabel} = ` +
        `${round(gapPoints)} points x weight ${weights.gap} = ${round(weights.gap * gapPoints)}`,
    });
    const perMonth =
      snapshot && Number.isFinite(snapshot.responsesPerMonth) ? Math.max(0, snapshot.responsesPerMonth) : 0;
    const volume = Math.log10(1 + perMonth);
    parts.push({
      name: "volume",
      value: weights.volume * volume,
      weight: weights.volume,
      input: volume,
      explanation:
        `${round(perMonth)} responses a month: log10(1 + ${round(perMonth)}) = ${round(volume)} ` +
        `x weight ${weights.volume} = ${round(weights.volume * volume)}`,
    });
  }

  const { weight: serviceWeight, service } = strategicWeightOf(item.services, settings.serviceWeights);
  const strategicValue = weights.strategic * serviceWeight;
  parts.push({
    name: "strategic",
    value: strategicValue,
    weight: weights.strategic,
    input: serviceWeight,
    explanation:
      `${service === null ? "no listed service" : `service "${service}"`} weighs ${serviceWeight} ` +
      `x weight ${weights.strategic} = ${round(strategicValue)}`,
  });

  const sum = parts.reduce((total, part) => total + part.value, 0);
  const score = sum / item.effort;
  parts.push({
    name: "effort",
    value: item.effort,
    input: item.effort,
    explanation: `${round(sum)} / ${item.effort} person-days = ${round(score)}`,
  });
  return { score, model: "csat-gap", parts };
}

function scoreWsjf(item: Prioritisable): PriorityScore {
  const wsjf = item.wsjf;
  if (wsjf === null) {
    return {
      score: 0,
      model: "wsjf",
      parts: [{ name: "wsjf", value: 0, explanation: "No WSJF inputs recorded, so it scores 0." }],
    };
  }
  const costOfDelay = wsjf.businessValue + wsjf.timeCriticality + wsjf.riskReduction;
  const score = costOfDelay / wsjf.jobSize;
  return {
    score,
    model: "wsjf",
    parts: [
      {
        name: "businessValue",
        value: wsjf.businessValue,
        explanation: `business value ${wsjf.businessValue} of 10`,
      },
      {
        name: "timeCriticality",
        value: wsjf.timeCriticality,
        explanation: `time criticality ${wsjf.timeCriticality} of 10`,
      },
      {
        name: "riskReduction",
        value: wsjf.riskReduction,
        explanation: `risk reduction / opportunity enablement ${wsjf.riskReduction} of 10`,
      },
      {
        name: "jobSize",
        value: wsjf.jobSize,
        explanation: `cost of delay ${costOfDelay} / job size ${wsjf.jobSize} = ${round(score)}`,
      },
    ],
  };
}

function scoreRice(item: Prioritisable): PriorityScore {
  const rice = item.rice;
  if (rice === null) {
    return {
      score: 0,
      model: "rice",
      parts: [{ name: "rice", value: 0, explanation: "No RICE inputs recorded, so it scores 0." }],
    };
  }
  const product = rice.reach * rice.impact * rice.confidence;
  const score = product / item.effort;
  return {
    score,
    model: "rice",
    parts: [
      { name: "reach", value: rice.reach, explanation: `reach ${rice.reach} a period` },
      {
        name: "impact",
        value: rice.impact,
        explanation: `impact ${rice.impact} (0.25 minimal .. 3 massive)`,
      },
      { name: "confidence", value: rice.confidence, explanation: `confidence ${percent(rice.confidence)}` },
      {
        name: "effort",
        value: item.effort,
        explanation: `${round(product)} / ${item.effort} person-days = ${round(score)}`,
      },
    ],
  };
}

function strategicWeightOf(
  services: readonly string[],
  serviceWeights: Record<string, number>,
): { weight: number; service: string | null } {
  let best: { weight: number; service: string | null } = { weight: UNLISTED_SERVICE_WEIGHT, service: null };
  for (const service of services) {
    const listed = Object.hasOwn(serviceWeights, service) ? serviceWeights[service] : undefined;
    const weight = listed ?? UNLISTED_SERVICE_WEIGHT;
    if (best.service === null || weight > best.weight) best = { weight, service };
  }
  return best;
}

function isShare(value: number | null): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1;
}

function isWeight(value: unknown): boolean {
  return isStorableNumber(value) && value >= 0;
}

function percent(share: number): string {
  return `${round(share * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
