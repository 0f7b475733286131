import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { aResolvedTicket, postTicket, sign, signedHeaders } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;
let token: string;
let nonce: string;
let surveyId: string;

async function storedItemCount() {
  const { Count } = await pulse.db.send(
    new ScanCommand({ TableName: pulse.tableName, Select: "COUNT", ConsistentRead: true }),
  );
  return Count ?? 0;
}

async function expectProblem(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = (await response.json()) as {
    status: number;
    detail: string;
    errors?: Array<{ field: string }>;
  };
  expect(body.status).toBe(status);
  if (field) expect(body.errors?.map((error) => error.field)).toContain(field);
  return body;
}

beforeAll(async () => {
  pulse = await startTestServices();
  surveyId = ((await (await postTicket(pulse.app, aResolvedTicket())).json()) as { surveyId: string })
    .surveyId;
  const [mail] = await readOutbox(pulse.outbox);
  if (!mail) throw new Error("no invitation");
  token = tokenOf(scoreLink(mail, 4));
  nonce = (await openSurvey(pulse.app, `/s/${token}?score=4`)).nonce ?? "";
});

describe("Ticket intake refuses bad input and stores nothing", () => {
  const rawPost = (body: string, headers: Record<string, string> = {}) =>
    pulse.app.request("/api/v1/tickets/resolved", {
      method: "POST",
      headers: { "content-type": "application/json", ...signedHeaders(body), ...headers },
      body,
    });

  it.each([
    ["malformed JSON", "{ not json", undefined],
    [
      "a score-less ticket with the wrong types",
      JSON.stringify({ ...aResolvedTicket(), ticketId: 42 }),
      "ticketId",
    ],
    ["a missing title", JSON.stringify({ ...aResolvedTicket(), title: undefined }), "title"],
    [
      "a resolution time that is not a timestamp",
      JSON.stringify({ ...aResolvedTicket(), resolvedAt: "yesterday" }),
      "resolvedAt",
    ],
    ["a boolean sent as text", JSON.stringify({ ...aResolvedTicket(), slaBreached: "no" }), "slaBreached"],
    [
      "a supplier longer than 200 characters",
      JSON.stringify({ ...aResolvedTicket(), supplier: "s".repeat(201) }),
      "supplier",
    ],
    [
      "a nested field of the wrong type",
      JSON.stringify({ ...aResolvedTicket(), requester: { email: 5 } }),
      "requester.email",
    ],
    ["an array instead of an object", "[]", undefined],
  ])("answers 400 naming the field for %s", async (_case, body, field) => {
    const before = await storedItemCount();
    await expectProblem(await rawPost(body), 400, field);
    expect(await storedItemCount()).toBe(before);
  });

  it("answers 400 naming the fields for a ticket not declared as JSON, and says so for malformed JSON", async () => {
    const before = await storedItemCount();
    await expectProblem(
      await rawPost(JSON.stringify(aResolvedTicket()), { "content-type": "text/plain" }),
      400,
      "source",
    );
    const malformed = await expectProblem(await rawPost("{ not json"), 400, "(body)");
    expect(malformed.detail).toBe("Malformed JSON in request body");
    expect(await storedItemCount()).toBe(before);
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const before = await storedItemCount();
    const body = JSON.stringify({ ...aResolvedTicket(), title: "x".repeat(70_000) });
    await expectProblem(await rawPost(body), 413);
    expect(await storedItemCount()).toBe(before);
  });

  it.each([
    ["no signature", { "x-pulse-signature": "" }],
    ["a signature of another body", { "x-pulse-signature": sign("{}") }],
    ["a signature with another secret", { "x-pulse-signature": sign("x", "another-secret-entirely") }],
    ["a malformed signature header", { "x-pulse-signature": "md5=abc" }],
    ["no timestamp", { "x-pulse-timestamp": "" }],
    ["a timestamp that is not Unix seconds", { "x-pulse-timestamp": "2026-11-20T14:03:00Z" }],
    ["a timestamp from long ago, as a replayed delivery carries", { "x-pulse-timestamp": "1700000000" }],
  ])("answers 401 for %s", async (_case, headers) => {
    const before = await storedItemCount();
    const response = await rawPost(JSON.stringify(aResolvedTicket()), headers);
    await expectProblem(response, 401);
    expect(await storedItemCount()).toBe(before);
  });

  it("stores a ticket without a usable address as skipped, with the reason", async () => {
    const response = await postTicket(pulse.app, aResolvedTicket({ requester: { email: "not-an-address" } }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "skipped", reason: "no-email" });
  });
});

describe("The survey page refuses bad input and records nothing", () => {
  it.each([
    ["a score of 0", { score: 0 }, "score"],
    ["a score of 6", { score: 6 }, "score"],
    ["a score that is not a number", { score: "five" }, "score"],
    ["a forged nonce", { nonce: "lx0.AAAA.BBBB" }, "nonce"],
    ["a comment over 2000 characters", { comment: "a".repeat(2001) }, "comment"],
  ])("answers 400 naming the field for %s", async (_case, change, field) => {
    const before = await storedItemCount();
    const response = await postRating(pulse.app, token, { score: 4, nonce, ...change }, { json: true });
    await expectProblem(response, 400, field);
    expect(await storedItemCount()).toBe(before);
    expect((await pulse.surveys.getSurvey(surveyId))?.response).toBeUndefined();
  });

  it("shows the form again with the error for a browser post without script", async () => {
    const response = await postRating(pulse.app, token, { score: 9, nonce });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("text/html");
  });

  it("records nothing for a post without a page behind it", async () => {
    const response = await postRating(pulse.app, token, { score: 5, nonce: "" }, { json: true });
    await expectProblem(response, 400, "nonce");
  });

  it("answers an altered token with the friendly 404 page", async () => {
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const page = await pulse.app.request(`/s/${altered}?score=5`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const post = await postRating(pulse.app, altered, { score: 5, nonce });
    expect(post.status).toBe(404);
  });

  it("answers a token of the wrong shape with the 404 page", async () => {
    expect((await pulse.app.request("/s/short?score=5")).status).toBe(404);
    expect((await pulse.app.request(`/s/${"x".repeat(500)}`)).status).toBe(404);
  });

  it("refuses a form sent as JSON with a 400 naming the body", async () => {
    const response = await pulse.app.request(`/s/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ score: 5, nonce }),
    });
    expect(response.status).toBe(400);
  });
});

describe("The survey page words what it refuses in the requester's language", () => {
  const polish = messagesFor("pl").survey.errors;

  it.each([
    ["a score of 9", { score: 9 }, polish.scoreMissing],
    ["a comment over 2000 characters", { comment: "a".repeat(2001) }, polish.commentTooLong({ max: 2000 })],
    ["a reason that is not on the list", { reasons: ["colour"] }, polish.reasonUnknown],
    ["a one-time value that no page carried", { nonce: "lx0.AAAA.BBBB" }, polish.formExpired],
  ])("in Polish for %s, keeping the form", async (_case, change, message) => {
    const response = await postRating(pulse.app, token, { score: 4, nonce, ...change });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain(message);
    expect(page).toContain('id="survey-form"');
    expect((await pulse.surveys.getSurvey(surveyId))?.response).toBeUndefined();
  });

  it("in the language the requester switched the page to", async () => {
    const response = await postRating(pulse.app, token, { score: 9, nonce, lang: "en" });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<html lang="en"');
    expect(page).toContain(messagesFor("en").survey.errors.scoreMissing);
  });
});

describe("The metrics API refuses bad queries", () => {
  const get = async (query: string) =>
    pulse.app.request(`/api/v1/metrics/satisfaction?${query}`, {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });

  it.each([
    ["from=2026-13-01", "from"],
    ["to=20261101", "to"],
    ["interval=hourly", "interval"],
    ["groupBy=colour", "groupBy"],
    ["slaBreached=maybe", "slaBreached"],
    ["limits=wide", "limits"],
    ["baselineFrom=2026-02-30", "baselineFrom"],
    ["from=2026-09-01&to=2026-11-01&baselineFrom=2026-10-01&baselineTo=2026-09-01", "baselineFrom"],
    ["from=2026-09-01&to=2026-11-01&baselineFrom=2019-01-01", "baselineFrom"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    await expectProblem(await get(query), 400, field);
  });

  it("answers 400 when from is after to", async () => {
    await expectProblem(await get("from=2026-11-10&to=2026-11-01"), 400, "from");
  });

  it("answers 400 for a range longer than the aggregates allow", async () => {
    await expectProblem(await get("from=2020-01-01&to=2026-11-01"), 400, "from");
  });

  it("answers 400 for filters that the aggregates cannot combine", async () => {
    await expectProblem(await get("category=Network&agent=jkowalski"), 400, "category");
    await expectProblem(await get("supplier=Comarch&agent=jkowalski"), 400, "supplier");
  });

  it("answers 401 without a token and for a token signed with another key", async () => {
    await expectProblem(await pulse.app.request("/api/v1/metrics/satisfaction"), 401);
    const forged = await pulse.app.request("/api/v1/metrics/satisfaction", {
      headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiaGVhZCJ9.c2lnbmF0dXJl" },
    });
    await expectProblem(forged, 401);
  });
});

describe("Dates outside 2000-01-01 to 2100-12-31 are refused at once", () => {
  const get = async (path: string) =>
    pulse.app.request(path, { headers: { authorization: `Bearer ${await pulse.token("head")}` } });

  it.each([
    ["/api/v1/metrics/satisfaction?to=9999-12-31", "to"],
    ["/api/v1/metrics/satisfaction?to=0000-01-01", "to"],
    ["/api/v1/metrics/satisfaction?from=1999-12-31&to=2000-01-10", "from"],
    ["/api/v1/metrics/satisfaction?baselineFrom=0000-01-01", "baselineFrom"],
    ["/api/v1/metrics/impact?dimension=all&goLive=0000-01-01", "goLive"],
    ["/api/v1/metrics/impact?dimension=all&goLive=9999-12-31", "goLive"],
    ["/api/v1/metrics/breakdown?dimension=service&to=9999-12-31", "to"],
    ["/api/v1/themes?to=9999-12-31", "to"],
    ["/api/v1/themes?from=0000-01-01&to=2026-11-01", "from"],
    ["/api/v1/responses?to=9999-12-31", "to"],
    ["/api/v1/responses?from=0000-01-01", "from"],
    ["/api/v1/targets/status?period=9999-Q4", "period"],
    ["/api/v1/targets/status?period=0000", "period"],
    ["/api/v1/digest/9999-12.html", "file"],
    ["/api/v1/digest/0000-01.csv", "file"],
  ])("answers GET %s with a 400 naming %s", async (path, field) => {
    await expectProblem(await get(path), 400, field);
  });

  it("refuses a target for the period 9999-Q4 and stores nothing", async () => {
    const before = await storedItemCount();
    const response = await pulse.app.request("/api/v1/targets", {
      method: "PUT",
      headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" },
      body: JSON.stringify({ period: "9999-Q4", value: 0.8 }),
    });
    await expectProblem(response, 400, "period");
    expect(await storedItemCount()).toBe(before);
  });
});

describe("Numbers beyond what storage keeps exactly are refused, naming the field", () => {
  const send = async (method: string, path: string, body: unknown) =>
    pulse.app.request(path, {
      method,
      headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const weights = { gap: 1, volume: 1, strategic: 1 };
  const policy = {
    throttleDays: 7,
    sampleRate: 1,
    expiryDays: 14,
    scannerWindowSeconds: 60,
    followUpThreshold: 2,
  };

  it.each([2 ** 53, 1e21, 1e308, 1e-320])(
    "refuses %s as a priority weight, a target and a policy setting",
    async (n) => {
      const before = await storedItemCount();
      await expectProblem(
        await send("PUT", "/api/v1/settings/priority", {
          model: "csat-gap",
          weights: { ...weights, gap: n },
          serviceWeights: {},
        }),
        400,
        "weights.gap",
      );
      await expectProblem(
        await send("PUT", "/api/v1/settings/priority", {
          model: "csat-gap",
          weights,
          serviceWeights: { VPN: n },
        }),
        400,
        "serviceWeights.VPN",
      );
      await expectProblem(await send("PUT", "/api/v1/targets", { period: "2026", value: n }), 400, "value");
      await expectProblem(
        await send("PUT", "/api/v1/settings/survey-policy", { ...policy, sampleRate: n }),
        400,
        "sampleRate",
      );
      await expectProblem(
        await send("PUT", "/api/v1/settings/survey-policy", { ...policy, throttleDays: n }),
        400,
        "throttleDays",
      );
      expect(await storedItemCount()).toBe(before);
    },
  );
});

describe("Text that is not well-formed Unicode is refused before any key is built", () => {
  it.each([
    ["source", { source: "servicenow\ud83d" }, "source"],
    ["ticket id", { ticketId: "INC\ud83d" }, "ticketId"],
    ["service", { service: "Remote \ude00access" }, "service"],
    ["assignment group", { assignmentGroup: "\ud83dNetwork" }, "assignmentGroup"],
  ])("answers 400 naming the field for a lone surrogate in the %s", async (_case, override, field) => {
    const before = await storedItemCount();
    const body = JSON.stringify(aResolvedTicket()).replace(/}$/, `,${JSON.stringify(override).slice(1)}`);
    const response = await pulse.app.request("/api/v1/tickets/resolved", {
      method: "POST",
      headers: { "content-type": "application/json", ...signedHeaders(body) },
      body,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors?: Array<{ field: string }> };
    expect(problem.errors?.map((error) => error.field)).toContain(field);
    expect(await storedItemCount()).toBe(before);
  });

  it("still accepts a whole emoji", async () => {
    const response = await postTicket(pulse.app, aResolvedTicket({ title: "VPN \u{1F600} drops" }));
    expect(response.status).toBe(202);
  });
});

describe("Cursors are opaque and checked", () => {
  const get = async (path: string) =>
    pulse.app.request(path, { headers: { authorization: `Bearer ${await pulse.token("head")}` } });
  const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it.each([
    ["/api/v1/follow-ups", crafted({ pk: "SURVEY#x", sk: "", gsi1pk: "FOLLOWUPS#active", gsi1sk: 5 })],
    ["/api/v1/follow-ups", "not-a-cursor"],
    ["/api/v1/follow-ups", crafted({ d: "", i: "x", r: "y" })],
    ["/api/v1/responses", crafted({ month: "2026-11", after: "#" })],
    ["/api/v1/responses", crafted({ month: "2026-11", day: "2026-12-01", survey: "s" })],
    ["/api/v1/responses", crafted({ month: "2026-11", day: "2026-11-01", survey: "a#b" })],
    ["/api/v1/responses", crafted({ month: "2026-11", after: "2026-11-01#\ud800" })],
    ["/api/v1/initiatives", crafted({ s: "", o: 0, q: "" })],
  ])("answers GET %s with a crafted cursor with a 400 naming the cursor", async (path, cursor) => {
    await expectProblem(await get(`${path}?cursor=${encodeURIComponent(cursor)}`), 400, "cursor");
  });

  it("hands out follow-up cursors that name no table key", async () => {
    for (let i = 0; i < 2; i += 1) {
      const ticket = aResolvedTicket();
      await postTicket(pulse.app, ticket);
      const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
      if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
      const link = tokenOf(scoreLink(mail, 1));
      const page = await openSurvey(pulse.app, `/s/${link}?score=1`);
      expect((await postRating(pulse.app, link, { score: 1, nonce: page.nonce ?? "" })).status).toBe(200);
    }
    const first = (await (await get("/api/v1/follow-ups?limit=1")).json()) as { nextCursor: string | null };
    expect(first.nextCursor).not.toBeNull();
    expect(Buffer.from(first.nextCursor ?? "", "base64url").toString("utf8")).not.toMatch(/pk|sk|FOLLOWUP/);
    const second = await get(`/api/v1/follow-ups?limit=1&cursor=${first.nextCursor}`);
    expect(second.status).toBe(200);
  });
});

describe("Unknown routes", () => {
  it("answer 404 as a problem document", async () => {
    await expectProblem(await pulse.app.request("/api/v1/nothing-here"), 404);
  });
});
