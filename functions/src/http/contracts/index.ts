import type { RouteContract } from "../contract/route.js";
import { analyticsContracts } from "./analytics.js";
import { auditContracts } from "./audit.js";
import { connectorsContracts } from "./connectors.js";
import { digestContracts } from "./digest.js";
import { followUpsContracts } from "./follow-ups.js";
import { initiativeContracts } from "./initiatives.js";
import { metricsContracts } from "./metrics.js";
import { requestersContracts } from "./requesters.js";
import { responseImportContracts } from "./response-import.js";
import { surveySettingsContracts } from "./survey-settings.js";
import { webhooksContracts } from "./webhooks.js";

// One list of the resources' contracts, so that the routes mounted and the type the web app reads cannot differ.
// A new resource: its contracts here (`fooContracts`, one `defineRoute` per operation), its handlers in routes/foo.ts
// (`fooHandlers(deps): Handlers<typeof fooContracts>`, one per contract, else it does not compile), and one line in
// staff-app.ts: `.route("/", resourceApp(fooContracts, fooHandlers(deps), verifyStaff))`, at the same place in order.
const RESOURCES = [
  metricsContracts,
  initiativeContracts,
  followUpsContracts,
  analyticsContracts,
  responseImportContracts,
  digestContracts,
  surveySettingsContracts,
  connectorsContracts,
  requestersContracts,
  auditContracts,
  webhooksContracts,
] as const;

/** Every staff route's contract, in the order the staff API mounts them. */
export const STAFF_CONTRACTS: readonly RouteContract[] = RESOURCES.flatMap((contracts) =>
  Object.values(contracts),
);

// Distributes over the union of resources: each one's contracts, not only the names they share.
type ContractsOf<Resource> = Resource extends unknown ? Resource[keyof Resource] : never;

/** Every staff route's contract as one union type: the web app's client is typed from it and imports no schema. */
export type StaffContract = ContractsOf<(typeof RESOURCES)[number]>;
