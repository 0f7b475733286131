import { beforeAll, describe, expect, it } from "vitest";
import { retryWhileBusy } from "../helpers/busy-retry.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

describe("Aggregates under concurrent load", () => {
  it("equal a recount of the stored responses after 200 concurrent submissions with changes of mind and duplicate intakes", async () => {
    // Forty surveys across two services and a few agents, so submissions collide on shared trend items.
    const tickets = Array.from({ length: 40 }, (_, index) =>
      aResolvedTicket({
        service: index % 2 === 0 ? "Remote access" : "Email & calendar",
        agent: `agent${index % 3}`,
        resolvedAt: `2026-11-${String(10 + (index % 3)).padStart(2, "0")}T10:00:00Z`,
      }),
    );
    // Every ticket delivered twice at once: the same survey, one invitation. A busy answer is retried, as ITSM tools do.
    const intakes = await Promise.all(
      [...tickets, ...tickets].map((ticket) => retryWhileBusy(() => postTicket(pulse.app, ticket))),
    );
    expect(intakes.every((response) => response.status === 202)).toBe(true);
    const mails = await readOutbox(pulse.outbox);
    expect(mails).toHaveLength(40);
    const tokens = mails.map((mail) => tokenOf(scoreLink(mail, 1)));

    // Each requester opens their survey five times (five pages, five nonces) and submits from each at the same moment.
    const pages = await Promise.all(
      tokens.flatMap((token) => Array.from({ length: 5 }, () => openSurvey(pulse.app, `/s/${token}`))),
    );
    const submissions = pages.map((page, index) => {
      const token = tokens[Math.floor(index / 5)] as string;
      const score = ((index * 7) % 5) + 1;
      return retryWhileBusy(() => postRating(pulse.app, token, { score, nonce: page.nonce ?? "" }));
    });
    const answers = await Promise.all(submissions);
    expect(answers).toHaveLength(200);
    expect(answers.every((response) => response.status === 200)).toBe(true);

    const { stored, recount, surveys } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(surveys).toHaveLength(40);
    expect(surveys.every((survey) => survey.response?.score !== undefined)).toBe(true);
    expect(stored).toEqual(recount);
  }, 240_000);
});
