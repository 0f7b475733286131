import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

async function intake(ticket: unknown) {
  const response = await postTicket(pulse.app, ticket);
  return { status: response.status, body: (await response.json()) as { surveyId: string; status: string } };
}

describe("Tickets whose delivery changes", () => {
  it("a ticket's source is the same whatever its letter case", async () => {
    const ticket = aResolvedTicket({ source: "FEAT" });
    const first = await intake(ticket);
    const again = await intake({ ...ticket, source: "feat" });
    const mixed = await intake({ ...ticket, source: "Feat" });
    expect(first.status).toBe(202);
    expect(again.body.surveyId).toBe(first.body.surveyId);
    expect(mixed.body.surveyId).toBe(first.body.surveyId);
  });

  it("a survey stored under a mixed-case source is still found by its ticket", async () => {
    const stored = await intake(aResolvedTicket());
    const template = await pulse.surveys.getSurvey(stored.body.surveyId);
    if (!template) throw new Error("no survey");
    const legacy = { ...template, surveyId: `${template.surveyId}L`, source: "Legacy", ticketId: "OLD-1" };
    await pulse.surveys.createSurvey({
      survey: {
        ...legacy,
        status: "skipped",
        skipReason: "no-email",
        invitation: undefined,
        requester: { locale: "en" },
      },
      seenLastInvitedAt: undefined,
    });

    // The same resolution delivered again: a later one would open a new survey, as the first was skipped.
    const again = await intake(
      aResolvedTicket({ source: "Legacy", ticketId: "OLD-1", resolvedAt: template.resolvedAt }),
    );
    expect(again.body.surveyId).toBe(legacy.surveyId);
  });
});
