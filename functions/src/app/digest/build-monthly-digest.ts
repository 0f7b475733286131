import { addDays, bucketStart, localDay } from "../../domain/calendar.js";
import { type Dimension, OVERALL } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import {
  BENEFIT_OUTCOMES,
  type GraveyardFlag,
  INITIATIVE_STATUSES,
} from "../../domain/initiatives/fields.js";
import {
  countGraveyardFlags,
  DEFAULT_STALE_AFTER_DAYS,
  graveyardFlags,
  isWatched,
} from "../../domain/initiatives/graveyard.js";
import { compareInitiativeIds, type Initiative, kpisOf } from "../../domain/initiatives/initiative.js";
import { type KpiProgress, liveWindow } from "../../domain/initiatives/kpi-progress.js";
import { responsesCollectedBy } from "../../domain/response-window.js";
import {
  compareProportions,
  judgeAgainstTarget,
  type TargetStatus,
  wilsonInterval,
} from "../../domain/statistics/index.js";
import {
  type BaselineSource,
  DEFAULT_BASELINE_BUCKETS,
  FALSE_ALARM_RUNS,
  type FalseAlarmRate,
  type PhasedChart,
  type PhasedSignalType,
} from "../../domain/statistics/two-phase-chart.js";
import { proportionOf, type Tally, tallyDays } from "../analytics/day-tally.js";
import { holmAdjust } from "../analytics/holm-adjustment.js";
import { lastDayOfMonth } from "../analytics/monthly-themes.js";
import type { ReadThemes } from "../analytics/read-themes.js";
import { targetFor } from "../analytics/target-period.js";
import { readKpiProgress } from "../initiatives/kpi-ratings.js";
import { describeSeries, runsPerSeries } from "../metrics/read-satisfaction.js";
import type {
  Clock,
  DayCounts,
  InitiativeRepository,
  PrioritySettingsRepository,
  TargetRepository,
  TrendRepository,
} from "../ports.js";

/** Csat of one scope in the month, against its target, and the change from the month before. */
export interface DigestScore {
  name: string;
  n: number;
  csat: number | null;
  ci: { low: number; high: number } | null;
  target: number | null;
  /** Where the target comes from: the scope's own, the organisation's (for a service without one), or none. */
  targetSource: "own" | "overall" | null;
  status: TargetStatus | null;
  previous: { n: number; csat: number | null };
  /** Against the month before; `significant` is judged on `adjustedPValue`, Holm-adjusted with the movers. */
  change: {
    difference: number;
    low: number;
    high: number;
    pValue: number;
    adjustedPValue: number;
    significant: boolean;
  } | null;
}

export interface DigestMover {
  dimension: Dimension;
  value: string;
  previous: { n: number; csat: number | null };
  current: { n: number; csat: number | null };
  difference: number;
  low: number;
  high: number;
  adjustedPValue: number;
}

/** A week the satisfaction endpoint's weekly chart of the month flags, with what that chart was judged against. */
export interface DigestSignal {
  series: string;
  weekStart: string;
  type: PhasedSignalType;
  csat: number | null;
  centre: number | null;
  ucl: number | null;
  lcl: number | null;
  limits: PhasedChart["limits"];
  baseline: { from: string | null; to: string | null; source: BaselineSource };
  /** How often a stable series shows a signal on a chart of this length, bucket sizes and baseline. */
  falseAlarm: FalseAlarmRate | null;
}

export interface DigestPortfolio {
  byStatus: Array<{ status: string; count: number; estimatedCost: number; withoutCost: number }>;
  benefits: Array<{ outcome: string; count: number }>;
  /** Initiatives that went live or were reviewed in the month. */
  recent: Array<{
    id: string;
    title: string;
    status: string;
    implementedAt: string | null;
    benefit: string | null;
    estimatedCost: number | null;
  }>;
  /**
   * The KPIs of the initiatives live in the month (gone live by its end, not reviewed before it began): each KPI's
   * csat through the month's last day, over the live window or from the end of its settling days after go-live when
   * later, against its goal, the primary KPI first.
   */
  kpis: {
    window: { from: string; to: string; days: number };
    /** How many initiatives qualify; at most `KPI_INITIATIVES_LISTED` are listed, by id. */
    total: number;
    initiatives: Array<{ id: string; title: string; status: string; progress: KpiProgress[] }>;
  };
  /** The register's neglected initiatives as it stands when the digest is built, not as of the month's end. */
  graveyard: {
    asOf: string;
    staleAfterDays: number;
    /** Initiatives that can carry a flag: open or on hold. */
    watched: number;
    /** Initiatives with at least one flag. */
    flaggedCount: number;
    counts: Array<{ flag: GraveyardFlag; count: number }>;
    /** The most neglected first (most flags, then oldest id), at most `GRAVEYARD_LISTED`. */
    flagged: Array<{ id: string; title: string; flags: GraveyardFlag[] }>;
  };
}

/** How many flagged initiatives the digest names; the counts cover them all. */
export const GRAVEYARD_LISTED = 20;
/** How many initiatives the digest lists the KPIs of. */
export const KPI_INITIATIVES_LISTED = 20;

export interface MonthlyDigest {
  month: string;
  from: string;
  to: string;
  previousMonth: string;
  /** True while tickets resolved late in the month can still be rated, so its figures may yet change. */
  provisional: boolean;
  /** The last day a response to one of the month's tickets can arrive. */
  collectingUntil: string;
  overall: DigestScore;
  services: DigestScore[];
  movers: DigestMover[];
  signals: DigestSignal[];
  /** Every weekly chart read, and how many of them would show a signal this month if every series were stable. */
  signalCheck: { charts: number; expectedFalseAlarms: number };
  /** Null when this deployment has no CSI register to read. */
  portfolio: DigestPortfolio | null;
  themes: {
    comments: number;
    top: Array<{ key: string; label: string; count: number; lowShare: number; sample: string[] }>;
    /** Scores at or below this count as low. */
    lowScoreAtMost: number;
    /** The months the growth was tested against, and how many themes were tested. */
    baseline: { from: string; to: string; comments: number; tested: number };
    /** Themes whose rise survives Benjamini–Hochberg over every theme tested, as the themes endpoint reports them. */
    growing: Array<{
      key: string;
      label: string;
      previousCount: number;
      currentCount: number;
      previousShare: number;
      currentShare: number;
      growth: number;
      adjustedPValue: number;
      significant: boolean;
    }>;
    reasons: Array<{ reason: string; count: number; lowShare: number }>;
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MOVER_DIMENSIONS: Dimension[] = [
  "service",
  "category",
  "assignmentGroup",
  "agent",
  "supplier",
  "priority",
  "channel",
];
const MOVERS_SHOWN = 10;
/** Weeks before the month read for the control chart's default baseline, as the satisfaction endpoint reads them. */
const BASELINE_WEEKS = DEFAULT_BASELINE_BUCKETS.week;

function rate(tally: Tally) {
  const { n, positive } = proportionOf(tally);
  return { n, csat: n === 0 ? null : positive / n };
}

/** Assembles last month's report from the aggregates, targets, theme snapshots and (when present) the CSI register. */
export function makeBuildMonthlyDigest(deps: {
  trends: TrendRepository;
  targets: TargetRepository;
  readThemes: ReadThemes;
  initiatives?: Pick<InitiativeRepository, "listAll"> | undefined;
  /** Where the days after which an initiative is stale are set; absent, the default applies. */
  prioritySettings?: Pick<PrioritySettingsRepository, "get"> | undefined;
  clock: Clock;
  timeZone: string;
  /** Days a survey link stays open (SURVEY_EXPIRY_DAYS). */
  responseWindowDays: number;
}) {
  return async function buildMonthlyDigest(month: string): Promise<MonthlyDigest> {
    if (!MONTH.test(month)) {
      throw new DomainError("validation", `A month is YYYY-MM, got "${month}"`, { fields: ["month"] });
    }
    const from = `${month}-01`;
    const to = lastDayOfMonth(month);
    const previousFrom = `${addDays(from, -1).slice(0, 7)}-01`;
    const previousTo = addDays(from, -1);
    const chartFrom = bucketStart(addDays(from, -7 * BASELINE_WEEKS), "week");

    const [overallDays, serviceGroups, targets, themes, register, ...moverGroups] = await Promise.all([
      deps.trends.readSeries(OVERALL, chartFrom, to),
      deps.trends.readGroup({ dimension: "service" }, chartFrom, to),
      deps.targets.list(),
      deps.readThemes({ from, to, limit: 10 }),
      deps.initiatives
        ? Promise.all([deps.initiatives.listAll(), deps.prioritySettings?.get()])
        : Promise.resolve(null),
      ...MOVER_DIMENSIONS.filter((dimension) => dimension !== "service").map((dimension) =>
        deps.trends.readGroup({ dimension }, previousFrom, to),
      ),
    ]);

    const moverInputs: Array<{ dimension: Dimension; groups: Map<string, DayCounts[]> }> = [
      { dimension: "service", groups: serviceGroups },
      ...MOVER_DIMENSIONS.filter((dimension) => dimension !== "service").map((dimension, index) => ({
        dimension,
        groups: moverGroups[index] ?? new Map<string, DayCounts[]>(),
      })),
    ];
    const candidates = moverInputs.flatMap(({ dimension, groups }) =>
      [...groups.entries()].flatMap(([value, days]) => {
        const before = tallyDays(days, previousFrom, previousTo);
        const after = tallyDays(days, from, to);
        const comparison = compareProportions(proportionOf(before), proportionOf(after));
        return comparison ? [{ dimension, value, before, after, comparison }] : [];
      }),
    );
    // Every value of every dimension, and the organisation as a whole, is one more chance of a false alarm: all are
    // adjusted together, and the per-service "significant" reads the same adjusted p-values as the movers.
    const overallChange = compareProportions(
      proportionOf(tallyDays(overallDays, previousFrom, previousTo)),
      proportionOf(tallyDays(overallDays, from, to)),
    );
    const adjusted = holmAdjust([
      ...candidates.map(({ comparison }) => comparison.pValue),
      overallChange?.pValue ?? null,
    ]);
    const adjustedOf = new Map<string, number>(
      candidates.map(({ dimension, value }, index) => [`${dimension}\u0000${value}`, adjusted[index] ?? 1]),
    );
    const overallAdjusted = adjusted[candidates.length] ?? 1;

    const adjustedPValue = (service: string | null) =>
      service === null ? overallAdjusted : (adjustedOf.get(`service\u0000${service}`) ?? 1);
    const score = (name: string, days: DayCounts[], service: string | null): DigestScore => {
      const current = tallyDays(days, from, to);
      const previous = tallyDays(days, previousFrom, previousTo);
      const target = targetFor(targets, service, to);
      const count = proportionOf(current);
      const judged = target ? judgeAgainstTarget(count, target.value) : null;
      const change = compareProportions(proportionOf(previous), count);
      const interval = wilsonInterval(count.positive, count.n);
      return {
        name,
        ...rate(current),
        ci: interval ? { low: interval.low, high: interval.high } : null,
        target: target?.value ?? null,
        targetSource: target ? (target.service === service ? "own" : "overall") : null,
        status: judged?.status ?? null,
        previous: rate(previous),
        change: change && {
          difference: change.difference,
          low: change.low,
          high: change.high,
          pValue: change.pValue,
          adjustedPValue: adjustedPValue(service),
          significant: adjustedPValue(service) < 0.05,
        },
      };
    };

    const overall = score("Overall", overallDays, null);
    const services = [...serviceGroups.entries()]
      .map(([service, days]) => score(service, days, service))
      .filter((row) => row.n > 0 || row.previous.n > 0)
      .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));

    const movers: DigestMover[] = candidates
      .map((candidate, index) => ({ ...candidate, adjustedPValue: adjusted[index] ?? 1 }))
      .filter(({ adjustedPValue }) => adjustedPValue < 0.05)
      .sort((a, b) => Math.abs(b.comparison.difference) - Math.abs(a.comparison.difference))
      .slice(0, MOVERS_SHOWN)
      .map(({ dimension, value, before, after, comparison, adjustedPValue }) => ({
        dimension,
        value,
        previous: rate(before),
        current: rate(after),
        difference: comparison.difference,
        low: comparison.low,
        high: comparison.high,
        adjustedPValue,
      }));

    // The month read as the satisfaction endpoint reads it, so a head finds the same signals in the app.
    const charted = [
      { series: "Overall", days: overallDays },
      ...[...serviceGroups.entries()].map(([service, days]) => ({ series: service, days })),
    ].map(({ series, days }, index) => ({
      series,
      // The organisation's chart as one series, the services' as one grouped read, each with the app's run budget.
      ...describeSeries(
        days,
        { from, to, interval: "week", filters: {} },
        index === 0 ? FALSE_ALARM_RUNS : runsPerSeries(serviceGroups.size),
      ),
    }));
    const signals: DigestSignal[] = charted.flatMap(({ series, buckets, control }) =>
      control.signals.map((signal) => {
        const week = buckets[signal.index];
        return {
          series,
          weekStart: signal.start,
          type: signal.type,
          csat: week?.csat ?? null,
          centre: control.centre,
          ucl: week?.control.ucl ?? null,
          lcl: week?.control.lcl ?? null,
          limits: control.limits,
          baseline: {
            from: control.baseline.from,
            to: control.baseline.to,
            source: control.baseline.source,
          },
          falseAlarm: control.falseAlarm,
        };
      }),
    );
    const signalCheck = {
      charts: charted.filter(({ control }) => control.falseAlarm !== null).length,
      expectedFalseAlarms: charted.reduce((sum, { control }) => sum + (control.falseAlarm?.rate ?? 0), 0),
    };

    const initiatives = register?.[0] ?? null;
    const staleAfterDays = register?.[1]?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
    const asOf = localDay(deps.clock.now(), deps.timeZone);
    const flaggedAll = (initiatives ?? []).map((initiative) => ({
      initiative,
      flags: graveyardFlags(initiative, { today: asOf, staleAfterDays }),
    }));
    const watched = (initiatives ?? []).filter((initiative) => isWatched(initiative.status)).length;
    const inMonth = (initiative: Initiative) =>
      (initiative.implementedAt ?? "").slice(0, 7) === month ||
      (initiative.reviewedAt ?? "").slice(0, 7) === month;
    // Live in the month: gone live by its end, not cancelled, and not already reviewed before it began.
    const liveInMonth = (initiative: Initiative) =>
      initiative.implementedAt !== null &&
      initiative.implementedAt.slice(0, 10) <= to &&
      initiative.status !== "cancelled" &&
      (initiative.reviewedAt === null || initiative.reviewedAt.slice(0, 10) >= from);
    const measured = (initiatives ?? [])
      .filter((initiative) => initiative.kpi !== null && liveInMonth(initiative))
      .sort((a, b) => compareInitiativeIds(a.id, b.id));
    const kpiRows = await readKpiProgress(
      deps.trends,
      measured.slice(0, KPI_INITIATIVES_LISTED).map((initiative) => ({
        id: initiative.id,
        title: initiative.title,
        status: initiative.status,
        kpis: kpisOf(initiative),
        implementedAt: initiative.implementedAt,
      })),
      to,
    );
    const portfolio: DigestPortfolio | null = initiatives && {
      byStatus: INITIATIVE_STATUSES.map((status) => {
        const inStatus = initiatives.filter((initiative) => initiative.status === status);
        return {
          status,
          count: inStatus.length,
          estimatedCost: inStatus.reduce((sum, initiative) => sum + (initiative.estimatedCost ?? 0), 0),
          withoutCost: inStatus.filter((initiative) => initiative.estimatedCost === null).length,
        };
      }).filter((row) => row.count > 0),
      benefits: BENEFIT_OUTCOMES.map((outcome) => ({
        outcome,
        count: initiatives.filter((initiative) => initiative.benefitRealised?.outcome === outcome).length,
      })),
      recent: initiatives.filter(inMonth).map((initiative) => ({
        id: initiative.id,
        title: initiative.title,
        status: initiative.status,
        implementedAt: initiative.implementedAt,
        benefit: initiative.benefitRealised?.outcome ?? null,
        estimatedCost: initiative.estimatedCost,
      })),
      kpis: {
        window: liveWindow(to),
        total: measured.length,
        initiatives: kpiRows.map(({ kpis: _kpis, implementedAt: _implementedAt, ...row }) => row),
      },
      graveyard: {
        asOf,
        staleAfterDays,
        watched,
        flaggedCount: flaggedAll.filter((row) => row.flags.length > 0).length,
        counts: countGraveyardFlags(flaggedAll.map((row) => row.flags)),
        flagged: flaggedAll
          .filter((row) => row.flags.length > 0)
          .sort(
            (a, b) =>
              b.flags.length - a.flags.length || compareInitiativeIds(a.initiative.id, b.initiative.id),
          )
          .slice(0, GRAVEYARD_LISTED)
          .map(({ initiative, flags }) => ({ id: initiative.id, title: initiative.title, flags })),
      },
    };

    const collectingUntil = responsesCollectedBy(to, deps.responseWindowDays);
    return {
      month,
      from,
      to,
      previousMonth: previousFrom.slice(0, 7),
      provisional: localDay(deps.clock.now(), deps.timeZone) <= collectingUntil,
      collectingUntil,
      overall,
      services,
      movers,
      signals,
      signalCheck,
      portfolio,
      themes: {
        comments: themes.comments,
        top: themes.themes.map((theme) => ({
          key: theme.key,
          label: theme.label,
          count: theme.count,
          lowShare: theme.lowShare,
          sample: theme.sample,
        })),
        lowScoreAtMost: themes.lowScoreAtMost,
        baseline: {
          from: themes.comparison.from,
          to: themes.comparison.to,
          comments: themes.comparison.comments,
          tested: themes.growthTest.tested,
        },
        growing: themes.growing
          .filter((row) => row.significant)
          .map((row) => ({
            key: row.key,
            label: row.label,
            previousCount: row.previousCount,
            currentCount: row.currentCount,
            previousShare: row.previousShare,
            currentShare: row.currentShare,
            growth: row.growth,
            adjustedPValue: row.adjustedPValue,
            significant: row.significant,
          })),
        reasons: themes.reasons.map((row) => ({
          reason: row.reason,
          count: row.count,
          lowShare: row.lowShare,
        })),
      },
    };
  };
}

export type BuildMonthlyDigest = ReturnType<typeof makeBuildMonthlyDigest>;
