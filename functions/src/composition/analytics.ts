import { makeDynamoDigestSettingsRepository } from "../adapters/dynamo/digest-settings-repository.js";
import { makeDynamoPrioritySettingsRepository } from "../adapters/dynamo/priority-settings-repository.js";
import { makeDynamoResponseListing } from "../adapters/dynamo/response-listing-repository.js";
import { makeDynamoTargetRepository } from "../adapters/dynamo/target-repository.js";
import { makeDynamoThemeRepository } from "../adapters/dynamo/theme-repository.js";
import { makeAssessKpiImpact } from "../app/analytics/assess-kpi-impact.js";
import { makeComparePeriods } from "../app/analytics/compare-periods.js";
import { makeInitiativeImpact } from "../app/analytics/initiative-impact.js";
import { makeListResponses } from "../app/analytics/list-responses.js";
import { makeTargets } from "../app/analytics/manage-targets.js";
import { makeMonthlyThemes } from "../app/analytics/monthly-themes.js";
import { makeReadBreakdown } from "../app/analytics/read-breakdown.js";
import { makeReadResponse } from "../app/analytics/read-response.js";
import { makeReadThemes } from "../app/analytics/read-themes.js";
import { makeBuildMonthlyDigest } from "../app/digest/build-monthly-digest.js";
import { makeMonthlyDigestMail } from "../app/digest/send-monthly-digest.js";
import { makeInitiativeKpis } from "../app/initiatives/initiative-kpis.js";
import type { MailQueue } from "../app/ports.js";
import type { Core } from "./core.js";

/** Wires the analytics, themes, targets and digest use cases over their adapters. */
export function composeAnalytics(
  deps: Pick<Core, "db" | "tableName" | "config" | "trends" | "clock" | "settings" | "initiatives"> & {
    mailQueue: MailQueue;
  },
) {
  const { db, tableName, config, trends, clock } = deps;
  const timeZone = config.ORG_TIMEZONE;
  const targetRepository = makeDynamoTargetRepository(db, tableName);
  const responses = makeDynamoResponseListing(db, tableName);
  const themeSnapshots = makeDynamoThemeRepository(db, tableName);
  const monthlyThemes = makeMonthlyThemes({
    responses,
    snapshots: themeSnapshots,
    clock,
    timeZone,
    responseWindowDays: config.SURVEY_EXPIRY_DAYS,
  });
  const assessKpiImpact = makeAssessKpiImpact({ trends, clock, timeZone });
  const readThemes = makeReadThemes({
    monthlyThemes,
    lowScoreThreshold: async () => (await deps.settings.getSurveyPolicy()).followUpThreshold,
  });
  const buildDigest = makeBuildMonthlyDigest({
    trends,
    targets: targetRepository,
    readThemes,
    initiatives: deps.initiatives,
    prioritySettings: makeDynamoPrioritySettingsRepository(db, tableName),
    clock,
    timeZone,
    responseWindowDays: config.SURVEY_EXPIRY_DAYS,
  });
  return {
    readBreakdown: makeReadBreakdown({ trends, targets: targetRepository }),
    comparePeriods: makeComparePeriods({ trends }),
    assessKpiImpact,
    initiativeImpact: makeInitiativeImpact({ initiatives: deps.initiatives, assessKpiImpact }),
    initiativeKpis: makeInitiativeKpis({ initiatives: deps.initiatives, trends, clock, timeZone }),
    targets: makeTargets({ targets: targetRepository, trends, clock, timeZone }),
    readThemes,
    listResponses: makeListResponses({ responses, monthlyThemes }),
    readResponse: makeReadResponse({ responses }),
    buildDigest,
    digestMail: makeMonthlyDigestMail({
      digestSettings: makeDynamoDigestSettingsRepository(db, tableName),
      mailQueue: deps.mailQueue,
      clock,
      timeZone,
      organisationName: config.ORGANISATION_NAME,
    }),
    organisationName: config.ORGANISATION_NAME,
    themeSnapshots,
  };
}

export type Analytics = ReturnType<typeof composeAnalytics>;
