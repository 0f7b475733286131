import type { RouteContract } from "../contract/route.js";
import { analyticsContracts } from "./analytics.js";
import { auditContracts } from "./audit.js";

/** Every staff route's contract, in the order the staff API mounts them. */
export const STAFF_CONTRACTS: readonly RouteContract[] = [
  ...Object.values(analyticsContracts),
  ...Object.values(auditContracts),
];
