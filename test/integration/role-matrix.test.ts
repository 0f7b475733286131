import { beforeAll, describe, expect, it } from "vitest";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { hasRole, ROLES, type Role } from "../../functions/src/domain/roles.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

/**
 * Who may call what. Every staff route of the OpenAPI document is checked, so a new route is covered the day it
 * appears: its role comes from this table when listed, otherwise from the `x-pulse-role` it declares, otherwise
 * the house rule (reading needs analyst, changing needs manager).
 */
const SPEC: Record<string, Role> = {
  "GET /api/v1/metrics/satisfaction": "analyst",
  "GET /api/v1/initiatives": "analyst",
  "POST /api/v1/initiatives": "manager",
  "GET /api/v1/initiatives/export.csv": "analyst",
  "POST /api/v1/initiatives/import": "manager",
  "GET /api/v1/initiatives/{id}": "analyst",
  "PATCH /api/v1/initiatives/{id}": "manager",
  "DELETE /api/v1/initiatives/{id}": "head",
  "POST /api/v1/initiatives/{id}/transitions": "manager",
  "GET /api/v1/initiatives/{id}/history": "analyst",
  "GET /api/v1/settings/priority": "analyst",
  "PUT /api/v1/settings/priority": "head",
  "GET /api/v1/follow-ups": "analyst",
  "GET /api/v1/follow-ups/{id}": "analyst",
  "POST /api/v1/follow-ups/{id}/transitions": "manager",
  "POST /api/v1/follow-ups/{id}/notes": "manager",
  "PUT /api/v1/follow-ups/{id}/initiative": "manager",
  "POST /api/v1/follow-ups/{id}/promote": "manager",
};

/** Routes under /api/v1 that are not for staff, and how they are protected instead. */
const NOT_STAFF = new Set([
  "POST /api/v1/tickets/resolved",
  // Each ITSM tool authenticates as it can: its own signature or the connector's bearer secret.
  "POST /api/v1/tickets/resolved/{connector}",
]);

interface Operation {
  security?: Array<Record<string, unknown>>;
  "x-pulse-role"?: Role;
}

interface StaffRoute {
  key: string;
  method: string;
  path: string;
  role: Role;
  declared: Role | undefined;
}

let pulse: TestServices;
let routes: StaffRoute[];
let unsecured: string[];

beforeAll(async () => {
  pulse = await startTestServices();
  const response = await pulse.app.request("/api/openapi.json");
  const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
  routes = [];
  unsecured = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path}`;
      const isStaff = operation.security?.some((requirement) => "bearer" in requirement) ?? false;
      if (!isStaff) {
        if (path.startsWith("/api/v1/") && !NOT_STAFF.has(key)) unsecured.push(key);
        continue;
      }
      const declared = operation["x-pulse-role"];
      const role = SPEC[key] ?? declared ?? (method === "get" ? "analyst" : "manager");
      routes.push({ key, method: method.toUpperCase(), path, role, declared });
    }
  }
});

async function send(route: StaffRoute, token: string | undefined) {
  const url = route.path.replace(/\{[^}]+\}/g, "does-not-exist");
  const response = await pulse.app.request(url, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(route.method === "GET" || route.method === "DELETE" ? {} : { "content-type": "application/json" }),
    },
    ...(route.method === "GET" || route.method === "DELETE" ? {} : { body: "{}" }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("The role matrix of the staff API", () => {
  it("covers every staff route of the OpenAPI document, the register, the queue and the metrics among them", () => {
    const keys = routes.map((route) => route.key);
    expect(keys).toEqual(expect.arrayContaining(Object.keys(SPEC)));
    expect(unsecured).toEqual([]);
  });

  it("declares in the OpenAPI document the role each listed route needs", () => {
    const mismatched = routes
      .filter((route) => route.declared !== undefined && SPEC[route.key] !== undefined)
      .filter((route) => route.declared !== SPEC[route.key])
      .map((route) => `${route.key}: declares ${route.declared}, expected ${SPEC[route.key]}`);
    expect(mismatched).toEqual([]);
  });

  it("answers 401 without a token and with an expired one, 403 below the role, and lets the role through", async () => {
    const secret = pulse.config.AUTH_JWT_SECRET;
    if (!secret) throw new Error("the test services sign local tokens");
    const expired = await issueLocalToken(
      secret,
      { id: "head-1", name: "Expired head", role: "head" },
      "-1h",
    );
    const tokens = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, await pulse.token(role)] as const)),
    ) as Record<Role, string>;

    const wrong: string[] = [];
    for (const route of routes) {
      const anonymous = await send(route, undefined);
      if (anonymous !== 401) wrong.push(`${route.key} without a token: ${anonymous}, expected 401`);
      const stale = await send(route, expired);
      if (stale !== 401) wrong.push(`${route.key} with an expired token: ${stale}, expected 401`);
      for (const role of ROLES) {
        const status = await send(route, tokens[role]);
        const allowed = hasRole(role, route.role);
        if (allowed && (status === 401 || status === 403)) {
          wrong.push(`${route.key} as ${role}: ${status}, expected to be let through (needs ${route.role})`);
        }
        if (!allowed && status !== 403)
          wrong.push(`${route.key} as ${role}: ${status}, expected 403 (needs ${route.role})`);
      }
    }

    expect(wrong).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(SPEC).length);
  });
});
