import { beforeAll, describe, expect, it } from "vitest";
import { apiDocument } from "../../functions/src/http/api-document.js";
import { type ConnectorsAppDeps, createConnectorsApp } from "../../functions/src/http/connectors-app.js";
import { createPublicApp, type PublicAppDeps } from "../../functions/src/http/public-app.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

describe("The OpenAPI document", () => {
  it("is generated from the routes, with the public contract's paths, problem responses and bearer security", async () => {
    const response = await pulse.app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }
        >
      >;
      components: { securitySchemes: Record<string, { scheme: string }>; schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/v1/tickets/resolved", "/api/v1/metrics/satisfaction"]),
    );
    const intake = document.paths["/api/v1/tickets/resolved"]?.post;
    expect(Object.keys(intake?.responses ?? {})).toEqual(expect.arrayContaining(["202", "400", "401"]));
    expect(intake?.responses["400"]?.content).toHaveProperty(["application/problem+json"]);
    expect(document.paths["/api/v1/metrics/satisfaction"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer?.scheme).toBe("bearer");
    expect(document.components.schemas).toHaveProperty("ResolvedTicket");
  });
});

describe("The staff API and its document", () => {
  it("document every route the staff API answers, and answer every staff route they document, each with an operationId", async () => {
    const mounted = new Set(
      pulse.app.routes
        .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, "{$1}")}`),
    );
    const document = (await (await pulse.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );

    expect([...mounted].sort()).toEqual(
      documented
        .map((d) => d.key)
        .filter((key) => key.split(" ")[1]?.startsWith("/api/v1/"))
        .sort(),
    );
    const ids = documented.map((d) => d.operation.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("The document's busy answers", () => {
  it("list the Retry-After header the server sends with every 503, on every operation", () => {
    const document = apiDocument() as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    const busy = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.responses["503"])
        .map(([method, operation]) => ({
          operation: `${method.toUpperCase()} ${path}`,
          headers: Object.keys(operation.responses["503"]?.headers ?? {}),
        })),
    );

    expect(busy.length).toBeGreaterThan(40);
    expect(busy.filter((b) => !b.headers.includes("Retry-After"))).toEqual([]);
  });
});

describe("The connectors function and the document", () => {
  it("document every route the connectors function answers", () => {
    const app = createConnectorsApp({
      intakeTicket: {} as ConnectorsAppDeps["intakeTicket"],
      intakeSecret: "secret",
      connectorMappings: {} as ConnectorsAppDeps["connectorMappings"],
      connectorSecrets: async () => ({}),
      verifyStaff: {} as ConnectorsAppDeps["verifyStaff"],
      auditTrail: {} as ConnectorsAppDeps["auditTrail"],
    });
    const registered = new Set(
      app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(apiDocument().paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(registered).toContain("POST /api/v1/tickets/resolved");
    expect(registered.size).toBe(4);
    expect([...registered].filter((route) => !documented.has(route))).toEqual([]);
  });
});

describe("The public function and the document", () => {
  it("document every route the public function answers", () => {
    const app = createPublicApp({
      respond: {} as PublicAppDeps["respond"],
      timeZone: "UTC",
      organisation: { name: "Helpdesk" } as PublicAppDeps["organisation"],
    });
    const registered = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && r.path !== "/health")
        .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(apiDocument().paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(registered.size).toBe(5);
    expect([...registered].filter((route) => !route.includes(" /s/"))).toEqual([]);
    expect([...registered].filter((route) => !documented.has(route))).toEqual([]);
  });
});
