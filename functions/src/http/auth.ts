import type { MiddlewareHandler } from "hono";
import type { StaffTokenVerifier } from "../adapters/auth/staff-token-verifier.js";
import { hasRole, type Role, type StaffUser } from "../domain/roles.js";
import { problem } from "./errors.js";

export type StaffEnv = { Variables: { user: StaffUser } };

/** Admits a request with a valid bearer token of at least the given role: 401 without one, 403 below the role. */
export function requireRole(verify: StaffTokenVerifier, needed: Role): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match?.[1] ? await verify(match[1]) : undefined;
    if (!user) {
      c.header("WWW-Authenticate", 'Bearer realm="pulse"');
      return problem(c, 401, match ? "The bearer token is invalid or expired" : "A bearer token is required");
    }
    if (!hasRole(user.role, needed)) {
      return problem(c, 403, `This needs the ${needed} role; you have ${user.role}`);
    }
    c.set("user", user);
    await next();
  };
}
