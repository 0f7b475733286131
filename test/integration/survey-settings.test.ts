import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

const put = async (role: "analyst" | "manager" | "head", body: unknown) =>
  pulse.app.request("/api/v1/settings/survey-policy", {
    method: "PUT",
    headers: { authorization: `Bearer ${await pulse.token(role)}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("The survey policy", () => {
  it("is set by a head and governs the next tickets", async () => {
    const current = await (
      await pulse.app.request("/api/v1/settings/survey-policy", {
        headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
      })
    ).json();
    expect(current).toMatchObject({ throttleDays: 7, sampleRate: 1, expiryDays: 14, followUpThreshold: 2 });

    expect((await put("manager", { ...current, sampleRate: 0 })).status).toBe(403);
    const changed = await put("head", { ...current, sampleRate: 0 });
    expect(changed.status).toBe(200);

    const intake = await postTicket(pulse.app, aResolvedTicket());
    expect(await intake.json()).toMatchObject({ status: "skipped", reason: "sampled-out" });
  });

  it("refuses values out of range, naming the field, and keeps the policy", async () => {
    const response = await put("head", {
      throttleDays: 7,
      sampleRate: 1.5,
      expiryDays: 14,
      scannerWindowSeconds: 30,
      followUpThreshold: 2,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((error) => error.field)).toEqual(["sampleRate"]);
    expect((await pulse.settings.getSurveyPolicy()).sampleRate).toBe(0);
  });

  it("refuses a policy sent as anything but JSON with 415, and keeps the policy", async () => {
    const response = await pulse.app.request("/api/v1/settings/survey-policy", {
      method: "PUT",
      headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "text/plain" },
      body: JSON.stringify({
        throttleDays: 1,
        sampleRate: 1,
        expiryDays: 14,
        scannerWindowSeconds: 30,
        followUpThreshold: 2,
      }),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await pulse.settings.getSurveyPolicy()).toMatchObject({ throttleDays: 7, sampleRate: 0 });
  });
});
