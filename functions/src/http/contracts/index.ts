import type { RouteContract } from "../contract/route.js";
import { analyticsContracts } from "./analytics.js";
import { auditContracts } from "./audit.js";
import { digestContracts } from "./digest.js";
import { followUpsContracts } from "./follow-ups.js";
import { initiativeContracts } from "./initiatives.js";
import { metricsContracts } from "./metrics.js";
import { requestersContracts } from "./requesters.js";
import { responseImportContracts } from "./response-import.js";
import { surveySettingsContracts } from "./survey-settings.js";

/** Every staff route's contract, in the order the staff API mounts them. */
export const STAFF_CONTRACTS: readonly RouteContract[] = [
  ...Object.values(metricsContracts),
  ...Object.values(initiativeContracts),
  ...Object.values(followUpsContracts),
  ...Object.values(analyticsContracts),
  ...Object.values(responseImportContracts),
  ...Object.values(digestContracts),
  ...Object.values(surveySettingsContracts),
  ...Object.values(requestersContracts),
  ...Object.values(auditContracts),
];
