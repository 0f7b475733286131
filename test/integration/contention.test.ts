import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

/** Every answer was a success, a client error or a busy 503 with Retry-After: never a server error. */
function expectNoServerErrors(responses: Response[]) {
  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
  for (const response of responses.filter((answer) => answer.status === 503)) {
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  }
}

/** A loopback TCP server that takes connections and never answers: DynamoDB stalled. */
async function stalledEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port that refuses connections: DynamoDB down. */
async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}`;
}

describe("Requests that meet contention in DynamoDB", () => {
  it("answer 2xx or 503, never 500, when 100 ratings of one survey arrive at once, and the aggregates stay exact", async () => {
    await postTicket(pulse.app, aResolvedTicket({ ticketId: "INC-ONE-SURVEY" }));
    const [mail] = await readOutbox(pulse.outbox);
    if (!mail) throw new Error("The invitation was not sent");
    const token = tokenOf(scoreLink(mail, 5));
    const pages = await Promise.all(Array.from({ length: 100 }, () => openSurvey(pulse.app, `/s/${token}`)));

    const answers = await Promise.all(
      pages.map((page, index) =>
        postRating(pulse.app, token, { score: (index % 5) + 1, nonce: page.nonce ?? "" }, { json: true }),
      ),
    );

    expectNoServerErrors(answers);
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
    const { stored, recount, surveys } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(surveys.filter((survey) => survey.ticketId === "INC-ONE-SURVEY")).toHaveLength(1);
    expect(stored).toEqual(recount);
  }, 180_000);

  it("answer 202 or 503, never 500, when one ticket is delivered 60 times at once, and store one survey with one email", async () => {
    const ticket = aResolvedTicket({ ticketId: "INC-SIXTY-TIMES" });
    const before = (await readOutbox(pulse.outbox)).length;

    const answers = await Promise.all(Array.from({ length: 60 }, () => postTicket(pulse.app, ticket)));

    expectNoServerErrors(answers);
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    const ids = new Set(await Promise.all(accepted.map(async (answer) => (await answer.json()).surveyId)));
    expect(ids.size).toBe(1);
    expect((await readOutbox(pulse.outbox)).length - before).toBe(1);
    const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(stored).toEqual(recount);
  }, 180_000);
});

describe("Requests when DynamoDB is unreachable", () => {
  let down: TestServices;
  let stalled: TestServices;
  let stall: Awaited<ReturnType<typeof stalledEndpoint>>;

  beforeAll(async () => {
    down = await startTestServices({ env: { DYNAMODB_ENDPOINT: await refusedEndpoint() } });
    stall = await stalledEndpoint();
    stalled = await startTestServices({
      env: { DYNAMODB_ENDPOINT: stall.url, DYNAMODB_REQUEST_TIMEOUT_MS: "300" },
    });
  });
  afterAll(async () => {
    await stall?.close();
  });

  it("answer an intake with 503 and Retry-After when DynamoDB refuses connections", async () => {
    const response = await postTicket(down.app, aResolvedTicket());

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answer a staff read with 503 instead of hanging when DynamoDB takes connections and never answers", async () => {
    const response = await stalled.app.request("/api/v1/metrics/satisfaction?from=2026-11-01&to=2026-11-30", {
      headers: { authorization: `Bearer ${await stalled.token("analyst")}` },
    });

    expect(response.status).toBe(503);
    expect((await response.json()).code).toBe("unavailable");
  });

  it("show the requester a friendly busy page, not an error, when a survey link cannot be looked up", async () => {
    const response = await down.app.request(`/s/${"A".repeat(43)}`);

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("retry-after")).not.toBeNull();
    expect(await response.text()).toContain("Nothing was saved yet");
  });
});

describe("Requests when storage fails in a way no one mapped", () => {
  let broken: TestServices;

  beforeAll(async () => {
    // A table that does not exist: every read fails with an error that is neither busy nor a domain error.
    broken = await startTestServices({ env: { TABLE_NAME: "pulse-test-no-such-table" } });
  });

  it.each<[string, { method: string; headers?: Record<string, string>; body?: string }]>([
    ["opening", { method: "GET" }],
    [
      "rating",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "score=4" },
    ],
  ])("show the requester a friendly error page in their language when %s a link", async (_what, init) => {
    const response = await broken.app.request(`/s/${"A".repeat(43)}`, {
      ...init,
      headers: { ...init.headers, "accept-language": "pl-PL" },
    });

    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain(messagesFor("pl").status.error.title);
  });
});
