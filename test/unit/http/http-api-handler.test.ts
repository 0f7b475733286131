import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { Hono } from "hono";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { handleHttpApi } from "../../../functions/src/http/http-api-handler.js";
import { httpApiEvent } from "../../helpers/api-gateway-event.js";

const context = { awsRequestId: "test-request" } as unknown as Context;

/** An app that answers with what it was sent, in the kinds of body the public function and others send. */
function echoApp() {
  return new Hono()
    .all("/echo", async (c) =>
      c.json({
        url: c.req.url,
        method: c.req.method,
        headers: Object.fromEntries(c.req.raw.headers),
        body: await c.req.text(),
        sourceIp: (c.env as { requestContext: APIGatewayProxyEventV2["requestContext"] }).requestContext.http
          .sourceIp,
      }),
    )
    .get("/page", (c) => c.html("<p>Ocena: źle</p>"))
    .get("/problem", (c) => c.body('{"status":404}', 404, { "content-type": "application/problem+json" }))
    .get("/image", (c) => c.body(new Uint8Array([0, 1, 2, 255]), 200, { "content-type": "image/png" }))
    .get("/gzip", (c) =>
      c.body("not really", 200, { "content-type": "text/plain", "content-encoding": "gzip" }),
    )
    .get("/cookies", (c) => {
      c.header("set-cookie", "a=1; Path=/", { append: true });
      c.header("set-cookie", "b=2; Path=/", { append: true });
      return c.text("ok");
    });
}

const form = "score=4&comment=Dzi%C4%99kuj%C4%99";

describe("An API Gateway HTTP API event through the public function's adapter", () => {
  it.each<[string, APIGatewayProxyEventV2]>([
    ["a GET with a query string", httpApiEvent({ method: "GET", path: "/echo", query: "lang=pl&score=4" })],
    [
      "a POST with a text body and a header that is not ASCII",
      httpApiEvent({ method: "POST", path: "/echo", body: form, headers: { "x-name": "Zoë" } }),
    ],
    [
      "a POST whose body API Gateway base64-encoded",
      {
        ...httpApiEvent({ method: "POST", path: "/echo" }),
        body: Buffer.from(form).toString("base64"),
        isBase64Encoded: true,
      },
    ],
    [
      "a request with cookies",
      { ...httpApiEvent({ method: "GET", path: "/echo" }), cookies: ["a=1", "b=2"] },
    ],
    ["a page in HTML", httpApiEvent({ method: "GET", path: "/page" })],
    ["a problem document", httpApiEvent({ method: "GET", path: "/problem" })],
    ["a binary body", httpApiEvent({ method: "GET", path: "/image" })],
    ["a compressed body", httpApiEvent({ method: "GET", path: "/gzip" })],
    ["a response that sets cookies", httpApiEvent({ method: "GET", path: "/cookies" })],
    ["a method no request may have", httpApiEvent({ method: "G E T", path: "/echo" })],
  ])("gives the same result as Hono's own adapter for %s", async (_, event) => {
    const ours = await handleHttpApi(echoApp())(structuredClone(event), context);
    const hono = await handle(echoApp())(structuredClone(event) as unknown as LambdaEvent, context);

    expect(ours).toEqual(hono);
  });

  it("hands the app the event's request context, as Hono's adapter does", async () => {
    const result = await handleHttpApi(echoApp())(httpApiEvent({ method: "GET", path: "/echo" }), context);

    expect(JSON.parse(result.body ?? "{}").sourceIp).toBe("203.0.113.7");
  });
});
