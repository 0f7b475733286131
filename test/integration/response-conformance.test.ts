import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { apiDocument } from "../../functions/src/http/api-document.js";
import type { OpenApiDocument } from "../../functions/src/http/contract/openapi-document.js";
import { NonConformingResponse, ResponseConformance } from "../helpers/response-conformance.js";
import { apiConformance, startTestServices, type TestServices } from "../helpers/test-services.js";

const problem = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

// A tiny document: one resource read as JSON, exported as CSV and deleted without a body.
const document: OpenApiDocument = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      get: {
        operationId: "getThing",
        responses: {
          200: {
            description: "The thing",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          404: { description: "No such thing", content: problem },
        },
      },
      delete: {
        operationId: "deleteThing",
        responses: { 202: { description: "Deleting" }, 204: { description: "Deleted" } },
      },
    },
    "/things/export.csv": {
      get: {
        operationId: "exportThings",
        responses: {
          200: { description: "Every thing", content: { "text/csv": { schema: { type: "string" } } } },
        },
      },
    },
  },
  components: {
    securitySchemes: {},
    schemas: {
      Thing: {
        type: "object",
        properties: {
          id: { type: "string" },
          size: { type: "integer", minimum: 0 },
          seenAt: { type: "string", format: "date-time" },
        },
        required: ["id", "size"],
        additionalProperties: false,
      },
      Problem: {
        type: "object",
        properties: { title: { type: "string" }, status: { type: "integer" } },
        required: ["title", "status"],
      },
    },
  },
};

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

describe("The response checker", () => {
  const checker = new ResponseConformance(document);

  it("passes a documented status, content type and body", async () => {
    expect(
      await checker.violationsOf(
        "GET",
        "/things/a1",
        json({ id: "a1", size: 3, seenAt: "2026-01-02T03:04:05Z" }),
      ),
    ).toEqual([]);
    expect(
      await checker.violationsOf(
        "GET",
        "/things/a1",
        json({ title: "Not found", status: 404 }, 404, "application/problem+json"),
      ),
    ).toEqual([]);
    expect(await checker.violationsOf("DELETE", "/things/a1", new Response(null, { status: 204 }))).toEqual(
      [],
    );
  });

  it("refuses a body its schema refuses, naming each wrong field", async () => {
    const violations = await checker.violationsOf(
      "GET",
      "/things/a1",
      json({ id: "a1", size: -1, seenAt: "yesterday", colour: "red" }),
    );
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining("/size must be >= 0"),
        expect.stringContaining('/seenAt must match format "date-time"'),
        expect.stringContaining("must NOT have additional properties (colour)"),
      ]),
    );
  });

  it("refuses a status the operation does not document", async () => {
    expect(
      await checker.violationsOf("GET", "/things/a1", json({ title: "Gone", status: 410 }, 410)),
    ).toEqual(["status 410 is not documented (documented: 200, 404)"]);
  });

  it("refuses a content type the status does not list, and a body where none is documented", async () => {
    expect(
      await checker.violationsOf("GET", "/things/a1", json({ title: "Not found", status: 404 }, 404)),
    ).toEqual(["content type application/json is not one the document lists (application/problem+json)"]);
    expect(await checker.violationsOf("DELETE", "/things/a1", json({ deleted: true }, 202))).toEqual([
      "the document describes no body for 202, yet it came with application/json",
    ]);
  });

  it("refuses a JSON body that is not JSON at all", async () => {
    const broken = new Response("{ id:", { headers: { "content-type": "application/json" } });
    expect(await checker.violationsOf("GET", "/things/a1", broken)).toEqual([
      "the application/json body is not JSON: { id:",
    ]);
  });

  it("matches a literal path before a path template, and skips what the document does not describe", async () => {
    const csv = new Response("id\na1\n", { headers: { "content-type": "text/csv; charset=utf-8" } });
    expect(await checker.violationsOf("GET", "/things/export.csv", csv)).toEqual([]);
    expect(checker.operationOf("GET", "/things/export.csv")?.operation.operationId).toBe("exportThings");
    expect(checker.operationOf("GET", "/things/a1/")?.operation.operationId).toBe("getThing");
    expect(checker.operationOf("GET", "/things//")).toBeUndefined();
    expect(await checker.violationsOf("GET", "/health", json({ status: "ok" }))).toBeUndefined();
    expect(await checker.violationsOf("PUT", "/things/a1", json({}))).toBeUndefined();
  });

  it("makes a guarded app's request fail on a wrong response, and leaves a right one readable", async () => {
    const app = new ResponseConformance(document).guard(
      new Hono()
        .get("/things/export.csv", (c) => c.body("id\n", 200, { "content-type": "text/csv" }))
        .get("/things/:id", (c) =>
          c.req.param("id") === "bad" ? c.json({ id: 7, size: 1 }) : c.json({ id: "a1", size: 1 }),
        ),
    );

    const right = await app.request("/things/a1");
    expect(await right.json()).toEqual({ id: "a1", size: 1 });
    await expect(app.request("/things/bad")).rejects.toThrow(NonConformingResponse);
    await expect(app.request("/things/bad")).rejects.toThrow(
      /GET \/things\/bad answered 200 \(application\/json\), which the OpenAPI document's getThing refuses:\n {2}\/id must be string/,
    );
  });
});

describe("The integration suite's app", () => {
  let pulse: TestServices;

  beforeAll(async () => {
    pulse = await startTestServices();
  });

  it("checks every response the API's document describes, and skips the routes it does not", async () => {
    const before = { ...apiConformance.tally };

    const listed = await pulse.app.request("/api/v1/initiatives", {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });
    const refused = await pulse.app.request("/api/v1/initiatives");
    const health = await pulse.app.request("/health");

    expect([listed.status, refused.status, health.status]).toEqual([200, 401, 200]);
    expect(apiConformance.tally.checked - before.checked).toBe(2);
    expect(apiConformance.tally.skipped - before.skipped).toBe(1);
  });

  it("refuses a rating answer to the page's script that is not the document's RatingAnswer", async () => {
    const violations = await apiConformance.violationsOf(
      "POST",
      `/s/${"A".repeat(43)}`,
      json({ ok: true, outcome: "saved", score: 6, followUp: false }),
    );

    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'nextNonce'"),
        expect.stringContaining("/outcome must be equal to one of the allowed values"),
        expect.stringContaining("/score must be <= 5"),
      ]),
    );
  });

  it("can compile the schema of every JSON response in the API's document", () => {
    expect(new ResponseConformance(apiDocument()).compileAll()).toBeGreaterThan(100);
  });
});
