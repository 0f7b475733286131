import { beforeAll, describe, expect, it } from "vitest";
import { trendKey } from "../../functions/src/adapters/dynamo/keys.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

async function satisfaction(query: string) {
  const response = await pulse.app.request(`/api/v1/metrics/satisfaction?${query}`, {
    headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    buckets: Array<{
      start: string;
      n: number;
      csat: number | null;
      invited: number | null;
      distribution: Record<string, number>;
    }>;
    totals: {
      n: number;
      csat: number | null;
      mean: number | null;
      invited: number | null;
      responseRate: number | null;
    };
  };
}

describe("The survey loop, from a resolved ticket to the trend", () => {
  it("invites by email, records only the rating the page posts, and shows it in the metrics at once", async () => {
    // Resolved two days ago: the day its rating is counted on, within the survey window.
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const month = `from=${day.slice(0, 7)}-01&to=${day}`;
    const ticket = aResolvedTicket({
      ticketId: "INC0012345",
      title: "VPN drops",
      resolvedAt: `${day}T14:03:00Z`,
      requester: { email: "anna@example.com", name: "Anna", locale: "pl" },
    });

    const intake = await postTicket(pulse.app, ticket);
    expect(intake.status).toBe(202);
    const { surveyId, status } = (await intake.json()) as { surveyId: string; status: string };
    expect(status).toBe("invited");

    const [mail, ...others] = await readOutbox(pulse.outbox);
    expect(others).toHaveLength(0);
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toContain("anna@example.com");
    expect(mail?.subject).toContain("INC0012345");
    if (!mail) throw new Error("no invitation email");
    const link = scoreLink(mail, 2);
    const token = tokenOf(link);

    const page = await openSurvey(pulse.app, `${link.pathname}${link.search}`);
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.response.headers.get("cache-control")).toBe("no-store");
    const afterOpening = await satisfaction(`${month}&interval=month`);
    expect(afterOpening.totals.n).toBe(0);
    expect(afterOpening.totals.invited).toBe(1);

    const rated = await postRating(pulse.app, token, {
      score: 2,
      nonce: page.nonce ?? "",
      comment: "Trwało to za długo",
    });
    expect(rated.status).toBe(200);

    const afterRating = await satisfaction(`${month}&interval=month`);
    expect(afterRating.totals).toMatchObject({ n: 1, csat: 0, mean: 2, invited: 1, responseRate: 1 });
    expect((await pulse.surveys.getSurvey(surveyId))?.response).toMatchObject({
      score: 2,
      comment: "Trwało to za długo",
    });

    // The requester changes their mind, confirmed by the page's script; the trend follows exactly.
    const again = await openSurvey(pulse.app, `/s/${token}?score=5`);
    const changed = await postRating(
      pulse.app,
      token,
      { score: 5, nonce: again.nonce ?? "" },
      { json: true },
    );
    expect(await changed.json()).toMatchObject({ ok: true, outcome: "recorded", score: 5, followUp: false });
    const afterChange = await satisfaction(`${month}&interval=day&service=Remote%20access`);
    const bucket = afterChange.buckets.find((each) => each.start === day);
    expect(bucket).toMatchObject({ n: 1, csat: 1, distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 } });
  });

  it("answers a repeated delivery of the same ticket with the same survey and sends no second email", async () => {
    const ticket = aResolvedTicket();
    const before = (await readOutbox(pulse.outbox)).length;
    const first = (await (await postTicket(pulse.app, ticket)).json()) as { surveyId: string };
    const second = await postTicket(pulse.app, ticket);
    expect(second.status).toBe(202);
    expect(((await second.json()) as { surveyId: string }).surveyId).toBe(first.surveyId);
    expect((await readOutbox(pulse.outbox)).length).toBe(before + 1);
  });

  it("counts each rating for the supplier that worked the ticket and breaks satisfaction down by supplier", async () => {
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const range = `from=${day.slice(0, 7)}-01&to=${day}`;
    const rated: Array<{ supplier: string | undefined; score: number }> = [
      { supplier: "Orange Polska", score: 5 },
      { supplier: "Orange Polska", score: 2 },
      { supplier: "Comarch", score: 4 },
      { supplier: undefined, score: 4 },
    ];
    for (const [index, { supplier, score }] of rated.entries()) {
      const ticketId = `SUP-${index + 1}`;
      const intake = await postTicket(
        pulse.app,
        aResolvedTicket({
          ticketId,
          resolvedAt: `${day}T09:0${index}:00Z`,
          ...(supplier ? { supplier } : {}),
        }),
      );
      expect(intake.status).toBe(202);
      const mail = (await readOutbox(pulse.outbox)).find((each) => each.subject?.includes(ticketId));
      if (!mail) throw new Error(`no invitation for ${ticketId}`);
      const link = scoreLink(mail, score);
      const page = await openSurvey(pulse.app, `${link.pathname}${link.search}`);
      expect((await postRating(pulse.app, tokenOf(link), { score, nonce: page.nonce ?? "" })).status).toBe(
        200,
      );
    }

    const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(stored).toEqual(recount);
    const orange = trendKey({ dimension: "supplier", value: "Orange Polska" }, day).key.pk;
    expect(stored[`${orange} DAY#${day}`]).toMatchObject({ s2: 1, s5: 1 });

    const response = await pulse.app.request(`/api/v1/metrics/breakdown?dimension=supplier&${range}`, {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });
    expect(response.status).toBe(200);
    const { rows } = (await response.json()) as { rows: Array<{ value: string; n: number; csat: number }> };
    expect(
      rows.map(({ value, n, csat }) => ({ value, n, csat })).sort((a, b) => a.value.localeCompare(b.value)),
    ).toEqual([
      { value: "Comarch", n: 1, csat: 1 },
      { value: "Orange Polska", n: 2, csat: 0.5 },
    ]);
    const filtered = await satisfaction(`${range}&interval=month&supplier=Orange%20Polska`);
    expect(filtered.totals).toMatchObject({ n: 2, csat: 0.5, mean: 3.5 });
  });
});
