import { beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { manualClock } from "../helpers/manual-clock.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";
import { aRatedSurvey } from "./analytics-fixtures.js";

const clock = manualClock("2026-11-21T09:00:00Z");
let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices({ clock });
  await makeHistoryImporter(pulse.db, pulse.tableName)(
    [
      aRatedSurvey({
        id: "s-vpn",
        day: "2026-11-10",
        service: "Remote access",
        score: 2,
        locale: "en",
        comment: "VPN disconnects every hour.",
      }),
      aRatedSurvey({ id: "s-other", day: "2026-11-11", service: "Printing", score: 5 }),
    ],
    { emptyTable: true },
  );
});

async function get(role: "analyst" | "head", path: string) {
  const response = await pulse.app.request(path, {
    headers: { authorization: `Bearer ${await pulse.token(role, `Reader ${role}`)}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Reading one rated response", () => {
  it("gives an analyst the response a linked id names, with its score, comment and service", async () => {
    const { status, body } = await get("analyst", "/api/v1/responses/s-vpn");

    expect(status).toBe(200);
    expect(body).toMatchObject({
      surveyId: "s-vpn",
      day: "2026-11-10",
      score: 2,
      comment: "VPN disconnects every hour.",
      locale: "en",
      dimensions: { service: "Remote access" },
    });
  });

  it("answers a not-found problem for a survey id with no rated response", async () => {
    const { status, body } = await get("analyst", "/api/v1/responses/s-unknown");

    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: "not-found" });
  });

  it("is kept in the audit log as a read of responses, like the listing", async () => {
    clock.advanceDays(1 / 1440);
    await get("analyst", "/api/v1/responses/s-other");
    const log = await get("head", "/api/v1/audit?month=2026-11");

    const entries = log.body.entries as Array<{ action: string; actor: { name: string } }>;
    expect(entries[0]).toMatchObject({ action: "responses.read", actor: { name: "Reader analyst" } });
  });
});
