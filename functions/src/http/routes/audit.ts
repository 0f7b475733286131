import type { AuditTrail } from "../../app/audit/audit-trail.js";
import type { Clock } from "../../app/ports.js";
import { route } from "../contract/mount.js";
import { auditContracts } from "../contracts/audit.js";

/** The audit log's routes. */
export function auditRoutes(deps: { auditTrail: AuditTrail; clock: Clock }) {
  return [
    route(auditContracts.readAuditLog).handle(async ({ query }) => {
      const month = query.month ?? deps.clock.now().toISOString().slice(0, 7);
      return { status: 200, body: { month, entries: await deps.auditTrail.month(month) } };
    }),
  ];
}
