import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../functions/src/domain/roles.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

const call = (role: Role, method: string, path: string, body?: unknown) =>
  callStaffApi(pulse, role, method, path, body);

async function create(overrides: Record<string, unknown> = {}) {
  const created = await call("manager", "POST", "/api/v1/initiatives", {
    title: "Fewer password reset tickets",
    source: "incident-trend",
    category: "process",
    owner: "Service desk lead",
    effort: 5,
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number };
}

describe("Service-desk records and actual cost over HTTP", () => {
  it("keeps the linked records and the cost spent, edits them with a PATCH and names a bad address", async () => {
    const records = [
      { kind: "incident", id: "INC0012345", url: "https://desk.example.com/incident/INC0012345" },
      { kind: "problem", id: "PRB0040012", url: null },
    ];
    const { id } = await create({ records: [records[0]], estimatedCost: 8000 });
    const edited = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: 1,
      records,
      actualCost: 2500.5,
    });
    const badUrl = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: 2,
      records: [records[0], { kind: "change", id: "CHG1", url: "javascript:alert(1)" }],
    });
    const negative = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: 2,
      actualCost: -5,
    });
    const read = await call("analyst", "GET", `/api/v1/initiatives/${id}`);

    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, records, actualCost: 2500.5, estimatedCost: 8000 });
    expect(badUrl.status).toBe(400);
    expect(badUrl.type).toContain("application/problem+json");
    expect(badUrl.body.errors).toEqual([expect.objectContaining({ field: "records.1.url" })]);
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toEqual([expect.objectContaining({ field: "actualCost" })]);
    expect(read.body).toMatchObject({ version: 2, records, actualCost: 2500.5 });
  });

  it("exports the records and actual cost and imports the unedited export back unchanged", async () => {
    await create({ records: [{ kind: "change", id: "CHG0000042" }], actualCost: 120 });
    const request = async (role: Role, path: string, init: RequestInit = {}) =>
      pulse.app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${await pulse.token(role)}`, ...init.headers },
      });
    const csv = await (await request("analyst", "/api/v1/initiatives/export.csv")).text();
    expect(csv).toContain("change | CHG0000042 | ");
    expect(csv.split("\r\n")[0]).toContain("actualCost");
    const response = await request("manager", "/api/v1/initiatives/import", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    const imported = { status: response.status, body: await response.json() };
    expect(imported.status).toBe(200);
    expect(imported.body.counts.rejected).toBe(0);
    expect(imported.body.counts.unchanged).toBe(imported.body.accepted.length);
  });
});

describe("The portfolio over HTTP", () => {
  it("sums the register by status, cost and realised benefit for heads and analysts", async () => {
    const services = await startTestServices();
    const ask = (role: Role, method: string, path: string, body?: unknown) =>
      callStaffApi(services, role, method, path, body);
    const raise = async (body: Record<string, unknown>) =>
      (
        await ask("manager", "POST", "/api/v1/initiatives", {
          title: "Portfolio initiative",
          source: "audit",
          category: "process",
          owner: "Lead",
          effort: 3,
          ...body,
        })
      ).body.id as string;
    const walkToReviewed = async (id: string, outcome: string) => {
      const step = (body: Record<string, unknown>) =>
        ask("head", "POST", `/api/v1/initiatives/${id}/transitions`, body);
      for (const to of ["approved", "planned", "in-progress"]) await step({ to });
      await step({ to: "implemented", goLive: "2026-01-15" });
      await step({ to: "reviewed", benefit: { outcome, reason: "Tickets did not fall" } });
    };
    await raise({ estimatedCost: 1000, actualCost: 200 });
    await raise({});
    const realised = await raise({ estimatedCost: 5000, actualCost: 6000 });
    const failed = await raise({ estimatedCost: 3000 });
    await walkToReviewed(realised, "realised");
    await walkToReviewed(failed, "not-realised");
    await ask("head", "POST", `/api/v1/initiatives/${failed}/transitions`, { to: "closed" });

    const byHead = await ask("head", "GET", "/api/v1/initiatives/portfolio");
    const byAnalyst = await ask("analyst", "GET", "/api/v1/initiatives/portfolio");
    const row = (status: string) => byHead.body.byStatus.find((r: { status: string }) => r.status === status);

    expect(byHead.status).toBe(200);
    expect(byAnalyst.status).toBe(200);
    expect(row("proposed")).toEqual({
      status: "proposed",
      initiatives: 2,
      estimatedCost: 1000,
      actualCost: 200,
      unestimated: 1,
    });
    expect(row("reviewed")).toMatchObject({ initiatives: 1, estimatedCost: 5000, actualCost: 6000 });
    expect(row("closed")).toMatchObject({ initiatives: 1, estimatedCost: 3000, actualCost: 0 });
    expect(byHead.body.totals).toEqual({
      initiatives: 4,
      estimatedCost: 9000,
      actualCost: 6200,
      unestimated: 1,
    });
    expect(byHead.body.benefit).toEqual({ realised: 1, partly: 0, "not-realised": 1 });
    expect(byHead.body.closure).toMatchObject({ unsuccessful: 1, successful: 0 });
  });
});
