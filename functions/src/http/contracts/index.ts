import type { RouteContract } from "../contract/route.js";
import { auditContracts } from "./audit.js";
import { initiativeContracts } from "./initiatives.js";

/** Every staff route's contract, in the order the staff API mounts them. */
export const STAFF_CONTRACTS: readonly RouteContract[] = [
  ...Object.values(initiativeContracts),
  ...Object.values(auditContracts),
];
