import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { ApiError, api, configureApi, download } from "../../../web/src/api/client.js";
import type {
  Backlog,
  FollowUpCase,
  ImportReport,
  Initiative,
  InitiativeStatus,
} from "../../../web/src/api/types.js";
import { useApi } from "../../../web/src/api/use-api.js";

// The type checks below hold when `tsc --noEmit` (the first step of `npm test`) passes: each `@ts-expect-error`
// marks a call or a read the contracts refuse, so tsc fails as soon as the client's typing lets it through. The
// calls sit in functions that are never run, so no request is sent.

describe("The web app's API client, typed from the route contracts", () => {
  it("answers a route with the body its contract declares", () => {
    const read = () => api.get("/api/v1/initiatives/{id}", { params: { id: "CSI-001" } });
    expectTypeOf(read).returns.resolves.toEqualTypeOf<Initiative>();
    expectTypeOf<Initiative["history"][number]>().toHaveProperty("actor");
    // The transition form offers the steps the server lists, typed as statuses.
    expectTypeOf<Initiative["nextStatuses"]>().toEqualTypeOf<InitiativeStatus[]>();
    expectTypeOf<Backlog["items"][number]["priority"]>().toHaveProperty("parts");

    const remove = () => api.delete("/api/v1/initiatives/{id}", { params: { id: "CSI-001" } });
    expectTypeOf(remove).returns.resolves.toEqualTypeOf<undefined>();
  });

  it("does not compile a read of a field the contract lacks", () => {
    const show = (initiative: Initiative, followUp: FollowUpCase) => [
      // @ts-expect-error an initiative has no `priority`: the backlog row carries it
      initiative.priority,
      // @ts-expect-error a follow-up case names its requester in flat fields, with no `requester` object
      followUp.requester,
    ];
    expectTypeOf(show).returns.toBeArray();
  });

  it("does not compile a body, query or parameter the contract lacks", () => {
    const calls = () => [
      api.post("/api/v1/initiatives/{id}/transitions", {
        params: { id: "CSI-001" },
        // @ts-expect-error a transition takes a `reason`, not a `comment`
        body: { to: "approved", comment: "Agreed in the CAB" },
      }),
      // @ts-expect-error the backlog has no `sort` query
      api.get("/api/v1/initiatives", { query: { sort: "title" } }),
      // @ts-expect-error the category is one of the register's categories
      api.get("/api/v1/initiatives", { query: { category: "hardware" } }),
      // @ts-expect-error the path's `{id}` must be given
      api.get("/api/v1/initiatives/{id}"),
      // @ts-expect-error a target needs its value
      api.put("/api/v1/targets", { body: { period: "2026-Q4" } }),
      // @ts-expect-error a register import takes its CSV as text
      api.post("/api/v1/initiatives/import", { query: { dryRun: "true" }, body: { rows: [] } }),
      // @ts-expect-error no staff route answers there
      api.get("/api/v1/initiative/{id}", { params: { id: "CSI-001" } }),
      // @ts-expect-error the register export is a file: `download` fetches it
      api.get("/api/v1/initiatives/export.csv"),
      // @ts-expect-error the follow-up queue is not a file
      download("/api/v1/follow-ups", "queue.csv"),
    ];
    expectTypeOf(calls).returns.toBeArray();
  });

  it("types a hook's data from the route it loads, and loads nothing when given null", () => {
    const useCase = (id: string | null) =>
      useApi("/api/v1/follow-ups/{id}", id === null ? null : { params: { id } });
    expectTypeOf(useCase).returns.toHaveProperty("data").toEqualTypeOf<FollowUpCase | undefined>();
    // @ts-expect-error a hook loads GET routes only
    const useImport = () => useApi("/api/v1/initiatives/import", { query: { dryRun: "true" }, body: "" });
    expectTypeOf(useImport).toBeFunction();
  });
});

describe("The web app's API client at run time", () => {
  const sent: { url: string; init: RequestInit }[] = [];
  const answer = (status: number, body: unknown, type = "application/json") =>
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { "content-type": type },
      });
    });

  afterEach(() => {
    sent.length = 0;
    vi.unstubAllGlobals();
    configureApi(null, () => {});
  });

  it("sends a JSON body to the filled path with the bearer token", async () => {
    configureApi("token-1", () => {});
    answer(200, { id: "CSI-001" });

    await api.post("/api/v1/initiatives/{id}/transitions", {
      params: { id: "CSI-001" },
      body: { to: "approved", expectedVersion: 3 },
    });

    const [call] = sent;
    expect(call?.url).toBe("/api/v1/initiatives/CSI-001/transitions");
    expect(call?.init.method).toBe("POST");
    expect(call?.init.headers).toMatchObject({
      Authorization: "Bearer token-1",
      "Content-Type": "application/json",
    });
    expect(JSON.parse(String(call?.init.body))).toEqual({ to: "approved", expectedVersion: 3 });
  });

  it("sends a register file as CSV text with its query", async () => {
    const report: ImportReport = {
      dryRun: true,
      imported: 0,
      counts: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
      accepted: [],
      rejected: [],
      columns: { mapped: {}, ignored: [], missing: [] },
    };
    answer(200, report);

    const result = await api.post("/api/v1/initiatives/import", {
      query: { dryRun: "true" },
      body: "title;owner\nFaster VPN;Anna",
    });

    expect(result).toEqual(report);
    expect(sent[0]?.url).toBe("/api/v1/initiatives/import?dryRun=true");
    expect(sent[0]?.init.headers).toMatchObject({ "Content-Type": "text/csv" });
    expect(sent[0]?.init.body).toBe("title;owner\nFaster VPN;Anna");
  });

  it("answers nothing for a 204", async () => {
    answer(204, null);

    await expect(
      api.delete("/api/v1/initiatives/{id}", { params: { id: "CSI-001" } }),
    ).resolves.toBeUndefined();
  });

  it("throws the problem document of a refusal, and reports a refused token", async () => {
    const unauthorized = vi.fn();
    configureApi("stale", unauthorized);
    answer(
      401,
      { title: "Unauthorized", status: 401, detail: "The token has expired" },
      "application/problem+json",
    );

    const failure = await api.get("/api/v1/settings/priority").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, message: "The token has expired" });
    expect(unauthorized).toHaveBeenCalledOnce();
  });
});
