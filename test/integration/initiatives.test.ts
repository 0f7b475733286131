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

let titleSequence = 0;
function anInitiative(overrides: Record<string, unknown> = {}) {
  titleSequence += 1;
  return {
    title: `Shorter VPN reconnect ${titleSequence}`,
    source: "survey-feedback",
    category: "technology",
    services: ["Remote access"],
    owner: "Network L2 lead",
    effort: 10,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const created = await call("manager", "POST", "/api/v1/initiatives", anInitiative(overrides));
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number; status: string };
}

describe("Initiatives over HTTP", () => {
  it("creates an initiative under a readable id, at version 1, with its creation in the history", async () => {
    const first = await create();
    const second = await create();

    expect(first.id).toMatch(/^CSI-\d{3,}$/);
    expect(Number(second.id.slice(4))).toBe(Number(first.id.slice(4)) + 1);
    const read = await call("analyst", "GET", `/api/v1/initiatives/${first.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: first.id,
      version: 1,
      status: "proposed",
      createdBy: "manager user",
    });
    expect(read.body.history).toEqual([
      expect.objectContaining({ field: "status", from: null, to: "proposed", actor: "manager user" }),
    ]);
  });

  it("lets exactly one of two concurrent edits of the same version win; the other gets 409 with the current version", async () => {
    const { id } = await create();

    const [a, b] = await Promise.all([
      call("manager", "PATCH", `/api/v1/initiatives/${id}`, { expectedVersion: 1, effort: 20 }),
      call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
        expectedVersion: 1,
        notes: "Pilot in Kraków first",
      }),
    ]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.type).toContain("application/problem+json");
    expect(loser.body).toMatchObject({ code: "version-conflict", currentVersion: 2, expectedVersion: 1 });
    expect(loser.body.current).toMatchObject({ id, version: 2 });

    // The loser merges onto the current version; both changes survive.
    const retried = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: loser.body.currentVersion,
      ...(winner === a ? { notes: "Pilot in Kraków first" } : { effort: 20 }),
    });
    expect(retried.status).toBe(200);
    const final = await call("analyst", "GET", `/api/v1/initiatives/${id}`);
    expect(final.body).toMatchObject({ version: 3, effort: 20, notes: "Pilot in Kraków first" });
    const changed = final.body.history.map((entry: { field: string }) => entry.field);
    expect(changed).toEqual(expect.arrayContaining(["status", "effort", "notes"]));
  });

  it("refuses a transition the workflow does not allow with a 409 problem naming the allowed ones", async () => {
    const { id } = await create();

    const refused = await call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, {
      to: "implemented",
    });

    expect(refused.status).toBe(409);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body).toMatchObject({
      code: "invalid-transition",
      from: "proposed",
      to: "implemented",
      allowed: ["approved", "rejected", "deferred", "on-hold", "cancelled"],
    });
    expect(refused.body.detail).toContain("approved, rejected, deferred, on-hold, cancelled");
  });

  it("walks the main line to implemented with a go-live date, asking for the reason and the date it needs", async () => {
    const { id } = await create();
    const step = (body: Record<string, unknown>) =>
      call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, body);

    expect((await step({ to: "approved" })).status).toBe(200);
    expect((await step({ to: "planned" })).status).toBe(200);
    expect((await step({ to: "in-progress" })).status).toBe(200);
    const withoutGoLive = await step({ to: "implemented" });
    expect(withoutGoLive.status).toBe(400);
    expect(withoutGoLive.body.errors).toEqual([expect.objectContaining({ field: "goLive" })]);
    const implemented = await step({ to: "implemented", goLive: "2026-01-15" });

    expect(implemented.status).toBe(200);
    expect(implemented.body).toMatchObject({
      status: "implemented",
      implementedAt: "2026-01-15",
      version: 5,
    });
    const history = await call("analyst", "GET", `/api/v1/initiatives/${id}/history`);
    const statuses = history.body.items
      .filter((entry: { field: string }) => entry.field === "status")
      .map((entry: { to: string }) => entry.to);
    expect(statuses).toEqual(["proposed", "approved", "planned", "in-progress", "implemented"]);
  });

  it("tells a manager the steps each status allows next, in every answer that carries the initiative", async () => {
    const created = (await call("manager", "POST", "/api/v1/initiatives", anInitiative())).body;
    const { id } = created;
    const step = async (body: Record<string, unknown>) => {
      const moved = await call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, body);
      expect(moved.status).toBe(200);
      return moved.body as { status: string; nextStatuses: string[] };
    };
    const seen = [[created.status, created.nextStatuses]];

    for (const body of [
      { to: "deferred", reason: "After the network refresh" },
      { to: "proposed" },
      { to: "approved" },
      { to: "planned" },
      { to: "on-hold", reason: "Waiting for the budget" },
      { to: "planned" },
      { to: "in-progress" },
      { to: "implemented", goLive: "2026-01-15" },
      { to: "reviewed", benefit: { outcome: "realised" } },
      { to: "closed" },
    ]) {
      const moved = await step(body);
      seen.push([moved.status, moved.nextStatuses]);
    }
    const edited = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: 11,
      notes: "Done",
    });

    expect(seen).toEqual([
      ["proposed", ["approved", "rejected", "deferred", "on-hold", "cancelled"]],
      ["deferred", ["proposed", "on-hold", "cancelled"]],
      ["proposed", ["approved", "rejected", "deferred", "on-hold", "cancelled"]],
      ["approved", ["planned", "rejected", "deferred", "on-hold", "cancelled"]],
      ["planned", ["in-progress", "on-hold", "cancelled"]],
      // On hold, it may only resume where it was held from, or be cancelled.
      ["on-hold", ["planned", "cancelled"]],
      ["planned", ["in-progress", "on-hold", "cancelled"]],
      ["in-progress", ["implemented", "on-hold", "cancelled"]],
      ["implemented", ["reviewed", "on-hold", "cancelled"]],
      ["reviewed", ["closed", "on-hold", "cancelled"]],
      ["closed", []],
    ]);
    expect(edited.body).toMatchObject({ status: "closed", nextStatuses: [] });
  });

  it("tells that a rejected initiative has no step left", async () => {
    const { id } = await create();

    const rejected = await call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, {
      to: "rejected",
      reason: "Covered by CSI-001",
    });

    expect(rejected.body).toMatchObject({ status: "rejected", nextStatuses: [] });
  });

  it("lists no step for an analyst, who may not move an initiative, and a head's steps as a manager's", async () => {
    const approved = await create();
    await call("manager", "POST", `/api/v1/initiatives/${approved.id}/transitions`, { to: "approved" });
    expect((await call("analyst", "GET", `/api/v1/initiatives/${approved.id}`)).body.nextStatuses).toEqual(
      [],
    );
    expect((await call("head", "GET", `/api/v1/initiatives/${approved.id}`)).body.nextStatuses).toEqual([
      "planned",
      "rejected",
      "deferred",
      "on-hold",
      "cancelled",
    ]);
  });

  it("requires a reason to reject", async () => {
    const { id } = await create();
    const path = `/api/v1/initiatives/${id}/transitions`;

    const bare = await call("manager", "POST", path, { to: "rejected" });
    const reasoned = await call("manager", "POST", path, { to: "rejected", reason: "Covered by CSI-001" });

    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: "reason" })]);
    expect(reasoned.body).toMatchObject({ status: "rejected", statusReason: "Covered by CSI-001" });
  });

  it("lets only a head delete, and then the initiative is gone", async () => {
    const { id } = await create();

    const byManager = await call("manager", "DELETE", `/api/v1/initiatives/${id}`);
    const byHead = await call("head", "DELETE", `/api/v1/initiatives/${id}?expectedVersion=1`);

    expect(byManager.status).toBe(403);
    expect(byHead.status).toBe(204);
    expect((await call("analyst", "GET", `/api/v1/initiatives/${id}`)).status).toBe(404);
  });
});

describe("Hold, cancel and closure codes over HTTP", () => {
  const stepper = (id: string) => (body: Record<string, unknown>) =>
    call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, body);

  it("holds an initiative in progress with a reason and resumes it only to in-progress, its start date kept", async () => {
    const { id } = await create();
    const step = stepper(id);
    for (const to of ["approved", "planned", "in-progress"]) expect((await step({ to })).status).toBe(200);
    const started = (await call("analyst", "GET", `/api/v1/initiatives/${id}`)).body.startedAt;

    const bare = await step({ to: "on-hold" });
    const held = await step({ to: "on-hold", reason: "Waiting for the VPN vendor" });
    const elsewhere = await step({ to: "planned" });
    const resumed = await step({ to: "in-progress" });

    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: "reason" })]);
    expect(held.body).toMatchObject({
      status: "on-hold",
      heldFrom: "in-progress",
      statusReason: "Waiting for the VPN vendor",
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.allowed).toEqual(["in-progress", "cancelled"]);
    expect(resumed.body).toMatchObject({
      status: "in-progress",
      heldFrom: null,
      statusReason: null,
      startedAt: started,
    });
    const history = await call("analyst", "GET", `/api/v1/initiatives/${id}/history`);
    const statuses = history.body.items
      .filter((entry: { field: string }) => entry.field === "status")
      .map((entry: { to: string; reason?: string }) => [entry.to, entry.reason]);
    expect(statuses.slice(-2)).toEqual([
      ["on-hold", "Waiting for the VPN vendor"],
      ["in-progress", undefined],
    ]);
  });

  it("cancels an approved initiative for good as withdrawn, and a held one too", async () => {
    const approved = await create();
    const held = await create();
    await stepper(approved.id)({ to: "approved" });
    await stepper(held.id)({ to: "on-hold", reason: "Budget review" });

    const cancelled = await stepper(approved.id)({ to: "cancelled", reason: "Service retired" });
    const heldCancelled = await stepper(held.id)({ to: "cancelled", reason: "Budget cut" });
    const again = await stepper(approved.id)({ to: "proposed" });

    expect(cancelled.body).toMatchObject({
      status: "cancelled",
      closureCode: "withdrawn",
      statusReason: "Service retired",
    });
    expect(heldCancelled.body).toMatchObject({
      status: "cancelled",
      closureCode: "withdrawn",
      heldFrom: null,
    });
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual([]);
  });

  it("closes with the code the benefit verdict proposes, or the one chosen, and refuses a code that is not one", async () => {
    const proposedCode = await create();
    const chosenCode = await create();
    for (const { id } of [proposedCode, chosenCode]) {
      const step = stepper(id);
      for (const to of ["approved", "planned", "in-progress"]) await step({ to });
      await step({ to: "implemented", goLive: "2026-01-15" });
      await step({ to: "reviewed", benefit: { outcome: "partly" } });
    }

    const unknown = await stepper(chosenCode.id)({ to: "closed", closureCode: "great" });
    const proposed = await stepper(proposedCode.id)({ to: "closed" });
    const chosen = await stepper(chosenCode.id)({ to: "closed", closureCode: "unsuccessful" });

    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: "closureCode" })]);
    expect(proposed.body).toMatchObject({ status: "closed", closureCode: "partially-successful" });
    expect(chosen.body).toMatchObject({ status: "closed", closureCode: "unsuccessful" });
    const read = await call("analyst", "GET", `/api/v1/initiatives/${chosenCode.id}`);
    expect(read.body.closureCode).toBe("unsuccessful");
  });
});

describe("Tasks over HTTP", () => {
  it("keeps an initiative's tasks with their % complete, and closes it only once every task is finished", async () => {
    const { id } = await create({
      tasks: [{ title: "Draft the form", owner: "Ewa", due: "2026-04-30", state: "done" }],
    });
    const step = (body: Record<string, unknown>) =>
      call("manager", "POST", `/api/v1/initiatives/${id}/transitions`, body);
    for (const to of ["approved", "planned", "in-progress"]) await step({ to });
    await step({ to: "implemented", goLive: "2026-01-15" });
    const reviewed = await step({ to: "reviewed", benefit: { outcome: "realised" } });
    const tasks = [
      { title: "Draft the form", owner: "Ewa", due: "2026-04-30", state: "done" },
      { title: "Train the desk", owner: "", due: null, state: "open" },
    ];
    const edited = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: reviewed.body.version,
      tasks,
    });
    const refused = await step({ to: "closed" });
    const badTask = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: edited.body.version,
      tasks: [{ ...tasks[1], due: "next week" }],
    });
    const finished = await call("manager", "PATCH", `/api/v1/initiatives/${id}`, {
      expectedVersion: edited.body.version,
      tasks: [tasks[0], { ...tasks[1], state: "cancelled" }],
    });
    const closed = await step({ to: "closed" });

    expect(edited.body).toMatchObject({ tasks, percentComplete: 50 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: "tasks" })]);
    expect(badTask.status).toBe(400);
    expect(badTask.body.errors).toEqual([expect.objectContaining({ field: "tasks.0.due" })]);
    expect(finished.body.percentComplete).toBe(100);
    expect(closed.body).toMatchObject({ status: "closed", closureCode: "successful" });
  });
});

describe("Approval above the cost threshold over HTTP", () => {
  it("takes a head to approve an initiative estimated above the threshold a head set, or not estimated", async () => {
    const services = await startTestServices();
    const ask = (role: Role, method: string, path: string, body?: unknown) =>
      callStaffApi(services, role, method, path, body);
    const settings = await ask("analyst", "GET", "/api/v1/settings/priority");
    const set = await ask("head", "PUT", "/api/v1/settings/priority", {
      ...settings.body,
      approvalThreshold: 10_000,
    });
    const [cheap, costly, unestimated] = await Promise.all(
      [5_000, 25_000, null].map(
        async (estimatedCost) =>
          (await ask("manager", "POST", "/api/v1/initiatives", anInitiative({ estimatedCost }))).body
            .id as string,
      ),
    );
    const approve = (role: Role, id: string | undefined) =>
      ask(role, "POST", `/api/v1/initiatives/${id}/transitions`, { to: "approved" });

    const cheapByManager = await approve("manager", cheap);
    const costlyByManager = await approve("manager", costly);
    const unestimatedByManager = await approve("manager", unestimated);
    const costlyByHead = await approve("head", costly);

    expect(settings.body.approvalThreshold).toBeNull();
    expect(set.body.approvalThreshold).toBe(10_000);
    expect(cheapByManager.body.status).toBe("approved");
    for (const refused of [costlyByManager, unestimatedByManager]) {
      expect(refused.status).toBe(403);
      expect(refused.type).toContain("application/problem+json");
      expect(refused.body).toMatchObject({ code: "approval-required", approvalThreshold: 10_000 });
    }
    expect(costlyByHead.body).toMatchObject({ status: "approved", updatedBy: "head user" });
  });
});

describe("Graveyard flags over HTTP", () => {
  it("flags ownerless, unmeasured, overdue and untouched initiatives in the backlog and on the initiative", async () => {
    let at = "2026-03-01T09:00:00.000Z";
    const services = await startTestServices({ clock: { now: () => new Date(at) } });
    const ask = (role: Role, method: string, path: string, body?: unknown) =>
      callStaffApi(services, role, method, path, body);
    const orphan = await ask("manager", "POST", "/api/v1/initiatives", anInitiative({ owner: "" }));
    const measured = await ask(
      "manager",
      "POST",
      "/api/v1/initiatives",
      anInitiative({
        kpi: { dimension: "all", value: "all", baseline: 0.7, target: 0.8, targetDate: "2026-03-31" },
      }),
    );
    const flagsIn = async () => {
      const backlog = await ask("analyst", "GET", "/api/v1/initiatives");
      return Object.fromEntries(
        backlog.body.items.map((item: { flags: string[]; initiative: { id: string } }) => [
          item.initiative.id,
          item.flags,
        ]),
      );
    };

    const fresh = await flagsIn();
    at = "2026-05-01T09:00:00.000Z";
    const later = await flagsIn();
    const read = await ask("analyst", "GET", `/api/v1/initiatives/${measured.body.id}`);
    const settings = await ask("analyst", "GET", "/api/v1/settings/priority");
    const tooFew = await ask("head", "PUT", "/api/v1/settings/priority", {
      ...settings.body,
      staleAfterDays: 0,
    });
    const saved = await ask("head", "PUT", "/api/v1/settings/priority", {
      ...settings.body,
      staleAfterDays: 90,
    });
    const relaxed = await flagsIn();

    expect(orphan.body.flags).toEqual(["no-owner", "no-target"]);
    expect(fresh).toEqual({ [orphan.body.id]: ["no-owner", "no-target"], [measured.body.id]: [] });
    expect(later).toEqual({
      [orphan.body.id]: ["no-owner", "no-target", "stale"],
      [measured.body.id]: ["review-overdue", "stale"],
    });
    expect(read.body.flags).toEqual(["review-overdue", "stale"]);
    expect(settings.body.staleAfterDays).toBe(30);
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.errors).toEqual([expect.objectContaining({ field: "staleAfterDays" })]);
    expect(saved.body.staleAfterDays).toBe(90);
    expect(relaxed[measured.body.id]).toEqual(["review-overdue"]);
  });
});

describe("The ranked backlog", () => {
  it("ranks by score with its parts, and a changed service weight re-ranks it", async () => {
    const services = await startTestServices();
    const request = async (role: Role, method: string, path: string, body?: unknown) => {
      const response = await services.app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await services.token(role)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    };
    // Gap 20 points on Remote access, over 10 person-days: (20 + 0 + 2) / 10 = 2.2.
    const vpn = await request("manager", "POST", "/api/v1/initiatives", {
      ...anInitiative({ effort: 10 }),
      kpi: {
        dimension: "service",
        value: "Remote access",
        baseline: 0.7,
        target: 0.9,
        targetDate: "2027-06-30",
      },
    });
    // No KPI on Printing, one person-day: (0 + 0 + 2 x 1) / 1 = 2.
    const toner = await request("manager", "POST", "/api/v1/initiatives", {
      ...anInitiative({ services: ["Printing"], effort: 1, title: "Toner stock alerts" }),
    });

    const before = await request("analyst", "GET", "/api/v1/initiatives");
    expect(before.body.items.map((item: { initiative: { id: string } }) => item.initiative.id)).toEqual([
      vpn.body.id,
      toner.body.id,
    ]);
    const top = before.body.items[0];
    expect(top.priority.score).toBeCloseTo(2.2, 6);
    expect(top.priority.parts.map((part: { name: string }) => part.name)).toEqual([
      "gap",
      "volume",
      "strategic",
      "effort",
    ]);
    expect(top.priority.parts[0]).toMatchObject({ value: expect.closeTo(20, 6), weight: 1 });

    const denied = await request("manager", "PUT", "/api/v1/settings/priority", {
      ...before.body.settings,
      serviceWeights: { Printing: 10 },
    });
    const saved = await request("head", "PUT", "/api/v1/settings/priority", {
      ...before.body.settings,
      serviceWeights: { Printing: 10 },
    });
    const after = await request("analyst", "GET", "/api/v1/initiatives");

    expect(denied.status).toBe(403);
    expect(saved.status).toBe(200);
    expect(after.body.items.map((item: { initiative: { id: string } }) => item.initiative.id)).toEqual([
      toner.body.id,
      vpn.body.id,
    ]);
    expect(after.body.items[0].priority.score).toBeCloseTo(20, 6);

    // A manager's pin beats any score.
    await request("manager", "PATCH", `/api/v1/initiatives/${vpn.body.id}`, {
      expectedVersion: 1,
      manualRank: 1,
    });
    const pinned = await request("analyst", "GET", "/api/v1/initiatives");
    expect(pinned.body.items[0]).toMatchObject({ rank: 1, pinned: true, initiative: { id: vpn.body.id } });
  });

  it("pages through the filtered backlog with a cursor, each initiative exactly once", async () => {
    const services = await startTestServices();
    const token = await services.token("manager");
    const post = (body: unknown) =>
      services.app.request("/api/v1/initiatives", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    for (let i = 0; i < 23; i++) {
      const response = await post(
        anInitiative({
          effort: 1 + (i % 7),
          owner: i % 2 ? "Ewa" : "Jan",
          category: i % 3 ? "process" : "people",
        }),
      );
      expect(response.status).toBe(201);
    }
    const read = async (query: string) => {
      const response = await services.app.request(`/api/v1/initiatives?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        items: Array<{ rank: number; initiative: { id: string; owner: string; category: string } }>;
        nextCursor: string | null;
        total: number;
      };
    };

    const seen: string[] = [];
    const ranks: number[] = [];
    let page = await read("limit=5");
    for (;;) {
      seen.push(...page.items.map((item) => item.initiative.id));
      ranks.push(...page.items.map((item) => item.rank));
      if (!page.nextCursor) break;
      page = await read(`limit=5&cursor=${page.nextCursor}`);
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(ranks).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));

    const ewa = await read("owner=Ewa&category=process&limit=50");
    expect(ewa.total).toBeGreaterThan(0);
    expect(
      ewa.items.every((item) => item.initiative.owner === "Ewa" && item.initiative.category === "process"),
    ).toBe(true);
    const none = await read("status=closed");
    expect(none.total).toBe(0);
  });
});
