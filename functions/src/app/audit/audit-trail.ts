import type { StaffUser } from "../../domain/roles.js";
import type { AuditEntry, AuditLogRepository, Clock } from "../ports.js";

/** Which staff requests touch personal data, and what the log calls them. */
const AUDITED: ReadonlyArray<{ method: string; path: RegExp; action: string }> = [
  { method: "GET", path: /^\/api\/v1\/responses(\/[^/]+)?$/, action: "responses.read" },
  { method: "GET", path: /^\/api\/v1\/follow-ups(\/[^/]+)?$/, action: "follow-ups.read" },
  { method: "GET", path: /^\/api\/v1\/initiatives\/export\.csv$/, action: "register.export" },
  { method: "GET", path: /^\/api\/v1\/digest\/[^/]+$/, action: "digest.export" },
  { method: "GET", path: /^\/api\/v1\/requesters\/[^/]+$/, action: "requester.export" },
  { method: "DELETE", path: /^\/api\/v1\/requesters\/[^/]+$/, action: "requester.erase" },
  { method: "PUT", path: /^\/api\/v1\/settings\//, action: "settings.change" },
  { method: "PUT", path: /^\/api\/v1\/connectors\/[^/]+\/mapping$/, action: "settings.change" },
];

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Records staff actions on personal data, naming an erased or exported requester only by a keyed hash. */
export function makeAuditTrail(deps: {
  log: AuditLogRepository;
  clock: Clock;
  addressHash: (email: string) => string;
}) {
  return {
    /** Appends an entry when the request is one that touches personal data; other requests are left out. */
    async record(request: {
      user: StaffUser;
      method: string;
      path: string;
      query: string;
      clientAddress: string;
      userAgent: string;
    }): Promise<void> {
      // The router answers `/follow-ups/x/` as `/follow-ups/x`: the log must see the same read either way.
      const path = request.path.replace(/\/+$/, "");
      const rule = AUDITED.find((entry) => entry.method === request.method && entry.path.test(path));
      if (!rule) return;
      const requester = /^\/api\/v1\/requesters\/([^/]+)$/.exec(path)?.[1];
      // The log must not become a copy of the address an erasure removed.
      const target = requester
        ? `/api/v1/requesters/hash:${deps.addressHash(decoded(requester)).slice(0, 16)}`
        : `${request.path}${request.query}`;
      const entry: AuditEntry = {
        at: deps.clock.now().toISOString(),
        actor: { id: request.user.id, name: request.user.name, role: request.user.role },
        action: rule.action,
        target: target.slice(0, 1000),
        clientAddress: request.clientAddress.slice(0, 100),
        userAgent: request.userAgent.slice(0, 300),
      };
      await deps.log.append(entry);
    },
    /** The log of one month, newest first. */
    month: (month: string) => deps.log.month(month),
  };
}

export type AuditTrail = ReturnType<typeof makeAuditTrail>;
