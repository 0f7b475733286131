import { describe, expect, it } from "vitest";
import { decideRedelivery } from "../../../functions/src/domain/redelivery.js";
import type { ResolvedTicket, Survey } from "../../../functions/src/domain/survey.js";

const open = new Date("2026-11-22T10:00:00Z");
const closed = new Date("2026-12-05T10:00:00Z");

function aSurvey(overrides: Partial<Survey> = {}): Survey {
  return {
    surveyId: "s1",
    source: "servicenow",
    ticketId: "INC1",
    title: "VPN",
    resolvedAt: "2026-11-20T14:00:00.000Z",
    day: "2026-11-20",
    requester: { email: "anna@example.com", locale: "pl" },
    dimensions: { service: "Remote access", agent: "jkowalski" },
    status: "invited",
    createdAt: "2026-11-20T14:01:00Z",
    expiresAt: "2026-12-04T14:01:00Z",
    version: 0,
    ...overrides,
  };
}

const delivery = (overrides: Partial<ResolvedTicket> = {}): ResolvedTicket => ({
  source: "servicenow",
  ticketId: "INC1",
  title: "VPN",
  resolvedAt: "2026-11-20T14:00:00Z",
  requester: { email: "anna@example.com" },
  service: "Remote access",
  agent: "jkowalski",
  ...overrides,
});

const rated = {
  response: {
    score: 4 as const,
    reasons: [],
    mode: "deliberate" as const,
    respondedAt: "2026-11-21T08:00:00Z",
    autoHits: [],
    changes: 0,
  },
};

describe("What a later delivery of a ticket does to its survey", () => {
  it.each([
    ["the same resolution again", aSurvey(), delivery(), open, "same"],
    [
      "an older resolution arriving late",
      aSurvey(),
      delivery({ resolvedAt: "2026-11-19T09:00:00Z" }),
      closed,
      "same",
    ],
    [
      "a later resolution once the survey closed",
      aSurvey(),
      delivery({ resolvedAt: "2026-12-05T09:00:00Z" }),
      closed,
      "reopen",
    ],
    [
      "a later resolution after a skip",
      aSurvey({ status: "skipped", skipReason: "no-email" }),
      delivery({ resolvedAt: "2026-11-21T09:00:00Z" }),
      open,
      "reopen",
    ],
    [
      "a later resolution while the survey is open",
      aSurvey(),
      delivery({ resolvedAt: "2026-11-21T09:00:00Z" }),
      open,
      "revise",
    ],
    ["a new service before the rating", aSurvey(), delivery({ service: "Email" }), open, "revise"],
    ["a new service after the rating", aSurvey(rated), delivery({ service: "Email" }), open, "same"],
    [
      "a resolution already folded into the open survey",
      aSurvey({ lastResolvedAt: "2026-11-21T09:00:00.000Z" }),
      delivery({ resolvedAt: "2026-11-21T09:00:00Z" }),
      closed,
      "same",
    ],
  ] as const)("%s: %s", (_, survey, ticket, now, kind) => {
    expect(decideRedelivery(survey, ticket, now).kind).toBe(kind);
  });

  it("moves an unrated survey to every dimension the ticket ended with", () => {
    const change = decideRedelivery(
      aSurvey(),
      delivery({ service: "Email", agent: undefined, priority: "P1" }),
      open,
    );
    expect(change).toEqual({
      kind: "revise",
      dimensions: { service: "Email", priority: "P1" },
      moved: true,
      lastResolvedAt: undefined,
    });
  });

  it("keeps a rated survey's dimensions and records the later resolution folded into it", () => {
    const change = decideRedelivery(
      aSurvey(rated),
      delivery({ service: "Email", resolvedAt: "2026-11-22T09:00:00+01:00" }),
      open,
    );
    expect(change).toEqual({
      kind: "revise",
      dimensions: { service: "Remote access", agent: "jkowalski" },
      moved: false,
      lastResolvedAt: "2026-11-22T08:00:00.000Z",
    });
  });
});
