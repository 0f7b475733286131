import type { AuditTrail } from "../../app/audit/audit-trail.js";
import type { Clock } from "../../app/ports.js";
import type { Handlers } from "../contract/mount.js";
import type { auditContracts } from "../contracts/audit.js";

/** The audit log's routes. */
export function auditHandlers(deps: {
  auditTrail: AuditTrail;
  clock: Clock;
}): Handlers<typeof auditContracts> {
  return {
    readAuditLog: async ({ query }) => {
      const month = query.month ?? deps.clock.now().toISOString().slice(0, 7);
      return { status: 200, body: { month, entries: await deps.auditTrail.month(month) } };
    },
  };
}
