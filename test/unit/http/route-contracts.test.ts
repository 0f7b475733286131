import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { StaffTokenVerifier } from "../../../functions/src/adapters/auth/staff-token-verifier.js";
import type { StaffEnv } from "../../../functions/src/http/auth.js";
import { resourceApp } from "../../../functions/src/http/contract/mount.js";
import { openApiDocument } from "../../../functions/src/http/contract/openapi-document.js";
import { staffProblems } from "../../../functions/src/http/contract/problems.js";
import { defineRoute, named } from "../../../functions/src/http/contract/route.js";
import { toErrorResponse } from "../../../functions/src/http/errors.js";

const verify: StaffTokenVerifier = async (token) =>
  token === "manager" ? { id: "u1", name: "Ola", role: "manager" } : undefined;
const asManager = { authorization: "Bearer manager" };

const Widget = named(z.object({ id: z.string(), size: z.number().check(z.int()) }), "Widget");

const readWidget = defineRoute({
  operationId: "readWidget",
  method: "get",
  path: "/api/v1/widgets/{id}",
  summary: "One widget",
  tags: ["Widgets"],
  role: "analyst",
  params: z.object({ id: z.string().check(z.maxLength(5)) }),
  query: z.object({ scale: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 1) }),
  responses: { 200: { description: "The widget", schema: Widget }, ...staffProblems },
});

const saveWidget = defineRoute({
  operationId: "saveWidget",
  method: "post",
  path: "/api/v1/widgets",
  summary: "Save a widget",
  tags: ["Widgets"],
  role: "manager",
  body: { schema: z.strictObject({ size: z.number().check(z.int(), z.minimum(1)) }) },
  responses: { 201: { description: "Saved", schema: Widget }, ...staffProblems },
});

const importWidgets = defineRoute({
  operationId: "importWidgets",
  method: "post",
  path: "/api/v1/widgets/import",
  summary: "Import widgets from CSV",
  tags: ["Widgets"],
  role: "manager",
  body: { media: "text/csv" },
  responses: { 200: { description: "Rows read", schema: z.object({ rows: z.number() }) }, ...staffProblems },
});

function widgetApp(
  answer: (id: string, scale: number) => unknown = (id, scale) => ({ id, size: 2 * scale }),
) {
  const app = new Hono<StaffEnv>();
  app.onError(toErrorResponse);
  const widgets = resourceApp(
    { readWidget, saveWidget, importWidgets },
    {
      readWidget: async ({ params, query }) => {
        const body = answer(params.id, query.scale);
        // What a defective handler might return; the contract's check stands between it and the client.
        return { status: 200, body: body as { id: string; size: number } };
      },
      saveWidget: async ({ body, user }) => ({
        status: 201,
        body: { id: user.name, size: body.size },
        headers: { location: "/api/v1/widgets/w1" },
      }),
      importWidgets: async ({ body }) => ({
        status: 200,
        body: { rows: body.split("\n").filter(Boolean).length },
      }),
    },
    verify,
  );
  app.route("/", widgets);
  return app;
}

describe("A route mounted from its contract", () => {
  it("answers with the validated input, defaults filled in", async () => {
    const response = await widgetApp().request("/api/v1/widgets/w1?scale=3", { headers: asManager });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "w1", size: 6 });
  });

  it("refuses a request without a token before reading anything else, with 401", async () => {
    const response = await widgetApp().request("/api/v1/widgets/toolongid?scale=0");

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("names each bad path parameter and query field in a 400 problem", async () => {
    const response = await widgetApp().request("/api/v1/widgets/toolongid?scale=0", { headers: asManager });

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      "id",
    ]);
    const query = await widgetApp().request("/api/v1/widgets/w1?scale=0", { headers: asManager });
    expect(((await query.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      "scale",
    ]);
  });

  it("names an unknown body field of a strict body", async () => {
    const response = await widgetApp().request("/api/v1/widgets", {
      method: "POST",
      headers: { ...asManager, "content-type": "application/json" },
      body: JSON.stringify({ size: 2, colour: "red" }),
    });

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { message: string }[] };
    expect(problem.errors.map((e) => e.message).join(" ")).toContain("colour");
  });

  it("sends the declared status with its headers", async () => {
    const response = await widgetApp().request("/api/v1/widgets", {
      method: "POST",
      headers: { ...asManager, "content-type": "application/json" },
      body: JSON.stringify({ size: 2 }),
    });

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/api/v1/widgets/w1");
    expect(await response.json()).toEqual({ id: "Ola", size: 2 });
  });

  it("refuses a CSV import sent as another media type with 415 naming the content type", async () => {
    const wrong = await widgetApp().request("/api/v1/widgets/import", {
      method: "POST",
      headers: { ...asManager, "content-type": "application/json" },
      body: "a\nb\n",
    });
    const right = await widgetApp().request("/api/v1/widgets/import", {
      method: "POST",
      headers: { ...asManager, "content-type": "text/csv; charset=utf-8" },
      body: "a\nb\n",
    });

    expect(wrong.status).toBe(415);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("content-type");
    expect(await right.json()).toEqual({ rows: 2 });
  });

  it("never sends a body its contract refuses: the client gets a generic 500 problem", async () => {
    const app = widgetApp((id) => ({ id, size: "large", secret: "internal" }));

    const response = await app.request("/api/v1/widgets/w1", { headers: asManager });

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("large");
    expect(text).not.toContain("internal");
  });

  it("leaves out fields that its contract does not name", async () => {
    const app = widgetApp((id) => ({ id, size: 1, secret: "internal" }));

    const response = await app.request("/api/v1/widgets/w1", { headers: asManager });

    expect(await response.json()).toEqual({ id: "w1", size: 1 });
  });
});

describe("A resource's sub-app", () => {
  it("leaves out a route whose handler this deployment does not have, so it answers 404 like an unknown path", async () => {
    const app = new Hono<StaffEnv>();
    app.notFound((c) => c.text("no such route", 404));
    app.route(
      "/",
      resourceApp(
        { readWidget, saveWidget },
        {
          readWidget: undefined,
          saveWidget: async ({ body }) => ({ status: 201, body: { id: "w1", size: body.size } }),
        },
        verify,
      ),
    );

    const read = await app.request("/api/v1/widgets/w1", { headers: asManager });
    const save = await app.request("/api/v1/widgets", {
      method: "POST",
      headers: { ...asManager, "content-type": "application/json" },
      body: JSON.stringify({ size: 3 }),
    });

    expect([read.status, await read.text()]).toEqual([404, "no such route"]);
    expect(save.status).toBe(201);
  });
});

describe("The OpenAPI document built from contracts", () => {
  const document = openApiDocument({ routes: [readWidget, saveWidget, importWidgets] });
  const operation = document.paths["/api/v1/widgets/{id}"]?.get as {
    operationId: string;
    "x-pulse-role": string;
    security: unknown[];
    parameters: Array<{ name: string; in: string; required: boolean }>;
    responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  };

  it("names each operation, its role and its bearer security", () => {
    expect(operation.operationId).toBe("readWidget");
    expect(operation["x-pulse-role"]).toBe("analyst");
    expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it("lists path parameters as required and optional query fields as optional", () => {
    expect(operation.parameters.map(({ name, in: at, required }) => [name, at, required])).toEqual([
      ["id", "path", true],
      ["scale", "query", false],
    ]);
  });

  it("lists a named schema once under components and refers to it from each response", () => {
    expect(operation.responses["200"]?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/Widget",
    });
    expect(document.components.schemas.Widget).toMatchObject({ type: "object", required: ["id", "size"] });
    expect(operation.responses["403"]?.content).toHaveProperty(["application/problem+json"]);
  });

  it("documents a CSV body by its media type", () => {
    const operation = document.paths["/api/v1/widgets/import"]?.post as
      | { requestBody: { content: object } }
      | undefined;
    expect(Object.keys(operation?.requestBody.content ?? {})).toEqual(["text/csv"]);
  });

  it("refuses two routes that share an operationId", () => {
    expect(() =>
      openApiDocument({ routes: [readWidget, { ...saveWidget, operationId: "readWidget" }] }),
    ).toThrow(/readWidget/);
  });
});
