import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { toErrorResponse } from "../../../functions/src/http/errors.js";
import { ORIGIN_VERIFY_HEADER, originGuard } from "../../../functions/src/http/origin-guard.js";

const CURRENT = "c".repeat(40);
const PREVIOUS = "p".repeat(40);

function guardedApp(secrets: readonly string[]) {
  const app = new Hono();
  app.onError(toErrorResponse);
  app.use("*", originGuard(secrets));
  app.get("/api/v1/anything", (c) => c.json({ ok: true }));
  return app;
}

describe("A request that reaches the API without passing CloudFront", () => {
  it.each([
    ["no origin header", {}],
    ["a wrong origin header", { [ORIGIN_VERIFY_HEADER]: "guess" }],
    ["the secret with one character changed", { [ORIGIN_VERIFY_HEADER]: `${CURRENT.slice(1)}x` }],
    ["an empty origin header", { [ORIGIN_VERIFY_HEADER]: "" }],
  ])("is refused with a 403 problem when it carries %s", async (_, headers) => {
    const response = await guardedApp([CURRENT]).request("/api/v1/anything", { headers });

    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 403, code: "origin-not-verified" });
  });
});

describe("A request forwarded by CloudFront", () => {
  it("passes with the current origin secret", async () => {
    const response = await guardedApp([CURRENT]).request("/api/v1/anything", {
      headers: { "X-Pulse-Origin-Verify": CURRENT },
    });
    expect(response.status).toBe(200);
  });

  it("passes with the previous secret too while a rotation settles, and with neither once it is dropped", async () => {
    const rotating = guardedApp([CURRENT, PREVIOUS]);
    const rotated = guardedApp([CURRENT]);
    const withPrevious = { headers: { [ORIGIN_VERIFY_HEADER]: PREVIOUS } };

    expect((await rotating.request("/api/v1/anything", withPrevious)).status).toBe(200);
    expect((await rotated.request("/api/v1/anything", withPrevious)).status).toBe(403);
  });
});

describe("The origin guard's configuration", () => {
  it("refuses to start with no usable secret rather than let every request through", () => {
    expect(() => originGuard([""])).toThrow(/non-empty secret/);
  });
});
