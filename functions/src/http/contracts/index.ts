import type { RouteContract } from "../contract/route.js";
import { auditContracts } from "./audit.js";
import { digestContracts } from "./digest.js";
import { metricsContracts } from "./metrics.js";
import { responseImportContracts } from "./response-import.js";

/** Every staff route's contract, in the order the staff API mounts them. */
export const STAFF_CONTRACTS: readonly RouteContract[] = [
  ...Object.values(metricsContracts),
  ...Object.values(responseImportContracts),
  ...Object.values(digestContracts),
  ...Object.values(auditContracts),
];
