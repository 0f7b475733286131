import type { Context, MiddlewareHandler } from "hono";
import type { AuditTrail } from "../app/audit/audit-trail.js";
import type { StaffEnv } from "./auth.js";

type RuntimeEnv = {
  incoming?: { socket?: { remoteAddress?: string } };
  requestContext?: { http?: { sourceIp?: string } };
};

// The address the platform saw, not a forwarded header a client could write itself.
function clientAddressOf(c: Context): string {
  const env = c.env as RuntimeEnv | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** Logs each successful staff request that touches personal data, after the route has answered it. */
export function auditStaffActions(trail: AuditTrail): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    await next();
    const user = c.get("user");
    if (!user || c.res.status >= 400) return;
    const url = new URL(c.req.url);
    await trail.record({
      user,
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      clientAddress: clientAddressOf(c),
      userAgent: c.req.header("user-agent") ?? "",
    });
  };
}
