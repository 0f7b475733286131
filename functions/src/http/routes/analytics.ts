import type { AssessKpiImpact } from "../../app/analytics/assess-kpi-impact.js";
import type { ComparePeriods } from "../../app/analytics/compare-periods.js";
import type { InitiativeImpact } from "../../app/analytics/initiative-impact.js";
import type { ListResponses } from "../../app/analytics/list-responses.js";
import type { Targets } from "../../app/analytics/manage-targets.js";
import type { ReadBreakdown } from "../../app/analytics/read-breakdown.js";
import type { ReadResponse } from "../../app/analytics/read-response.js";
import type { ReadThemes } from "../../app/analytics/read-themes.js";
import type { BuildMonthlyDigest } from "../../app/digest/build-monthly-digest.js";
import type { MonthlyDigestMail } from "../../app/digest/send-monthly-digest.js";
import type { ReadInitiativeKpis } from "../../app/initiatives/initiative-kpis.js";
import type { Clock } from "../../app/ports.js";
import type { ImportHistory } from "../../app/responses/import-history.js";
import { localDay } from "../../domain/calendar.js";
import type { Handlers } from "../contract/mount.js";
import type { analyticsContracts as contracts } from "../contracts/analytics.js";
import { dayRange } from "../contracts/common.js";

/** The analytics and digest use cases the HTTP app needs, built by the composition root. */
export interface AnalyticsUseCases {
  readBreakdown: ReadBreakdown;
  comparePeriods: ComparePeriods;
  assessKpiImpact: AssessKpiImpact;
  /** Present when the deployment has a CSI register to read initiatives from. */
  initiativeImpact?: InitiativeImpact | undefined;
  initiativeKpis?: ReadInitiativeKpis | undefined;
  targets: Targets;
  readThemes: ReadThemes;
  listResponses: ListResponses;
  readResponse: ReadResponse;
  importHistory: ImportHistory;
  buildDigest: BuildMonthlyDigest;
  digestMail: MonthlyDigestMail;
  organisationName: string;
}

/** Breakdown, comparison, impact, targets, themes and the responses behind them. */
export function analyticsHandlers(
  deps: AnalyticsUseCases & { clock: Clock; timeZone: string },
): Handlers<typeof contracts> {
  const today = () => localDay(deps.clock.now(), deps.timeZone);
  const range = (from: string | undefined, to: string | undefined) => dayRange(from, to, today);
  const initiativeImpact = deps.initiativeImpact;
  const initiativeKpis = deps.initiativeKpis;

  return {
    readBreakdown: async ({ query }) => {
      const { dimension, from, to, service } = query;
      return { status: 200, body: await deps.readBreakdown({ dimension, ...range(from, to), service }) };
    },

    comparePeriods: async ({ query }) => {
      const comparison = await deps.comparePeriods({
        dimension: query.dimension,
        a: { from: query.aFrom, to: query.aTo },
        b: { from: query.bFrom, to: query.bTo },
        service: query.service,
      });
      return { status: 200, body: comparison };
    },

    assessKpiImpact: async ({ query }) => {
      const impact = await deps.assessKpiImpact({
        kpi: { dimension: query.dimension, value: query.value ?? (query.dimension === "all" ? "all" : "") },
        goLive: query.goLive,
        weeks: query.weeks,
        beforeWeeks: query.beforeWeeks,
        afterWeeks: query.afterWeeks,
        settlingDays: query.settlingDays,
        targetChange: query.targetChange,
      });
      return { status: 200, body: impact };
    },

    // Without a CSI register there is no initiative to read, and the route answers 404 like any unknown path.
    readInitiativeImpact: initiativeImpact
      ? async ({ params, query }) => ({ status: 200, body: await initiativeImpact(params.id, query) })
      : undefined,

    readInitiativeKpis: initiativeKpis
      ? async ({ params }) => ({ status: 200, body: await initiativeKpis(params.id) })
      : undefined,

    listTargets: async () => ({
      status: 200,
      body: { targets: await deps.targets.list() },
    }),

    setTarget: async ({ body, user }) => {
      const target = await deps.targets.set(
        { period: body.period, service: body.service ?? null, value: body.value },
        user.name,
      );
      return { status: 200, body: target };
    },

    removeTarget: async ({ query }) => {
      await deps.targets.remove(query.period, query.service ?? null);
      return { status: 204 };
    },

    readTargetStatus: async ({ query }) => ({
      status: 200,
      body: await deps.targets.status(query.period),
    }),

    readThemes: async ({ query }) => ({
      status: 200,
      body: await deps.readThemes({ ...query, ...range(query.from, query.to) }),
    }),

    listResponses: async ({ query }) => {
      const page = await deps.listResponses({
        ...range(query.from, query.to),
        service: query.service,
        scores: query.score?.split(",").map(Number),
        hasComment: query.hasComment === undefined ? undefined : query.hasComment === "true",
        theme: query.theme,
        cursor: query.cursor,
        limit: query.limit,
      });
      return { status: 200, body: page };
    },

    readResponse: async ({ params }) => ({
      status: 200,
      body: await deps.readResponse(params.id),
    }),
  };
}
