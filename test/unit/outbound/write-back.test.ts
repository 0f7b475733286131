import { describe, expect, it } from "vitest";
import type {
  OutboundEvent,
  RatingEventData,
} from "../../../functions/src/domain/outbound/outbound-event.js";
import { ratingNote, writeBackRequest } from "../../../functions/src/domain/outbound/write-back.js";

const rating = (data: Partial<RatingEventData> = {}): OutboundEvent => ({
  id: "evt_rating_s-1_3",
  type: "rating.changed",
  timestamp: "2026-11-20T15:00:00.000Z",
  data: {
    surveyId: "s-1",
    source: "freshservice",
    ticketId: "SR 12/3",
    ticketTitle: null,
    ticketUrl: null,
    service: null,
    agent: null,
    assignmentGroup: null,
    score: 2,
    previousScore: 4,
    comment: "Fixed <b>twice</b> & still slow",
    reasons: ["too-slow"],
    respondedAt: "2026-11-20T15:00:00.000Z",
    ...data,
  },
});

describe("A rating written back to its ticket", () => {
  it("says the score, the score before, the reasons and the comment in plain words", () => {
    const event = rating();
    if (event.type !== "rating.changed") throw new Error("a rating");
    expect(ratingNote(event.data)).toBe(
      "Pulse: the requester rated this ticket 2 of 5 (changed from 4).\nReasons: too-slow\nComment: Fixed <b>twice</b> & still slow",
    );
  });

  it("puts the ticket's id into the URL, encoded, and escapes the note for Freshservice's HTML body", () => {
    expect(
      writeBackRequest(
        "freshservice",
        "https://acme.freshservice.com/api/v2/tickets/{ticketId}/notes",
        rating(),
      ),
    ).toEqual({
      method: "POST",
      url: "https://acme.freshservice.com/api/v2/tickets/SR%2012%2F3/notes",
      body: {
        body: "Pulse: the requester rated this ticket 2 of 5 (changed from 4).<br>Reasons: too-slow<br>Comment: Fixed &lt;b&gt;twice&lt;/b&gt; &amp; still slow",
        private: true,
      },
    });
  });

  it("is a private Zendesk comment through the ticket update and an internal Jira Service Management comment", () => {
    expect(
      writeBackRequest(
        "zendesk",
        "https://acme.zendesk.com/api/v2/tickets/{ticketId}.json",
        rating({ ticketId: "4711" }),
      ),
    ).toMatchObject({
      method: "PUT",
      url: "https://acme.zendesk.com/api/v2/tickets/4711.json",
      body: { ticket: { comment: { public: false } } },
    });
    expect(
      writeBackRequest(
        "jira",
        "https://acme.atlassian.net/rest/servicedeskapi/request/{ticketId}/comment",
        rating({ ticketId: "SD-12" }),
      ),
    ).toMatchObject({
      method: "POST",
      url: "https://acme.atlassian.net/rest/servicedeskapi/request/SD-12/comment",
      body: { public: false },
    });
  });

  it("is nothing for an event that is not a rating", () => {
    const transition: OutboundEvent = {
      id: "evt_initiative_CSI-001_2",
      type: "initiative.transitioned",
      timestamp: "2026-11-20T15:00:00.000Z",
      data: { initiativeId: "CSI-001", title: "t", from: "proposed", to: "approved", actor: "Ewa" },
    };
    expect(
      writeBackRequest("zendesk", "https://acme.zendesk.com/api/v2/tickets/{ticketId}.json", transition),
    ).toBeUndefined();
  });
});
