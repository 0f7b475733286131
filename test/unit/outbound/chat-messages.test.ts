import { describe, expect, it } from "vitest";
import {
  renderSlackMessage,
  renderTeamsMessage,
} from "../../../functions/src/domain/outbound/chat-messages.js";
import type {
  OutboundEvent,
  RatingEventData,
} from "../../../functions/src/domain/outbound/outbound-event.js";

function aRating(data: Partial<RatingEventData> = {}): OutboundEvent {
  return {
    id: "evt_rating_s-1_2",
    type: "rating.recorded",
    timestamp: "2026-11-20T15:00:00.000Z",
    data: {
      surveyId: "s-1",
      source: "servicenow",
      ticketId: "INC0012345",
      ticketTitle: "VPN drops",
      ticketUrl: "https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=1",
      service: "Remote access",
      agent: "jkowalski",
      assignmentGroup: "Network L2",
      score: 1,
      previousScore: null,
      comment: "Still broken",
      reasons: ["not-resolved"],
      respondedAt: "2026-11-20T15:00:00.000Z",
      ...data,
    },
  } as OutboundEvent;
}

describe("A Slack alert", () => {
  it("carries a fallback text and Block Kit blocks for a rating of 1: header, facts, the comment and a button", () => {
    const message = renderSlackMessage(aRating());
    expect(message).toEqual({
      text: "Bad rating: 1 of 5 for ticket INC0012345",
      blocks: [
        {
          type: "header",
          text: { type: "plain_text", text: "Bad rating: 1 of 5 for ticket INC0012345", emoji: true },
        },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Rating*\n1 of 5 ★☆☆☆☆" },
            { type: "mrkdwn", text: "*Ticket*\nservicenow INC0012345: VPN drops" },
            { type: "mrkdwn", text: "*Service*\nRemote access" },
            { type: "mrkdwn", text: "*Agent*\njkowalski" },
            { type: "mrkdwn", text: "*Reasons*\nnot-resolved" },
          ],
        },
        { type: "section", text: { type: "mrkdwn", text: ">Still broken" } },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              text: { type: "plain_text", text: "Open the ticket" },
              url: "https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=1",
            },
          ],
        },
      ],
    });
  });

  it("escapes Slack's control characters in what requesters and tools wrote", () => {
    const message = renderSlackMessage(aRating({ comment: "<!channel> & more", ticketTitle: "a <b>" }));
    const text = JSON.stringify(message);
    expect(text).toContain("&lt;!channel&gt; &amp; more");
    expect(text).not.toContain("<!channel>");
  });

  it("quotes every line of a comment, and cuts a long one short without cutting an escaped character in half", () => {
    const quoteOf = (comment: string) =>
      (
        renderSlackMessage(aRating({ comment }))?.blocks as Array<{ text?: { text: string } }> | undefined
      )?.[2]?.text?.text;

    expect(quoteOf("Still broken\nSecond call\n\nThird")).toBe(">Still broken\n>Second call\n>\n>Third");
    const long = quoteOf(`${"a".repeat(2897)}&b`) ?? "";
    expect(long).toBe(`>${"a".repeat(2897)}`);
    expect(long.length).toBeLessThanOrEqual(2900);
    expect(quoteOf("&".repeat(2000))).toBe(`>${"&amp;".repeat(579)}`);
  });

  it("says nothing for a rating of 3 or more, and tells a change from the score before", () => {
    expect(renderSlackMessage(aRating({ score: 3 }))).toBeUndefined();
    expect(renderTeamsMessage(aRating({ score: 5 }))).toBeUndefined();
    const changed = renderSlackMessage({
      ...aRating({ score: 2, previousScore: 4 }),
      type: "rating.changed",
    } as OutboundEvent);
    expect(JSON.stringify(changed)).toContain("*Before*\\n4 of 5");
  });
});

describe("A Teams alert", () => {
  it("is a message with one Adaptive Card attachment: title, facts, comment and an open-URL action", () => {
    expect(renderTeamsMessage(aRating())).toEqual({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              {
                type: "TextBlock",
                text: "Bad rating: 1 of 5 for ticket INC0012345",
                weight: "Bolder",
                size: "Medium",
                wrap: true,
              },
              {
                type: "FactSet",
                facts: [
                  { title: "Rating", value: "1 of 5 ★☆☆☆☆" },
                  { title: "Ticket", value: "servicenow INC0012345: VPN drops" },
                  { title: "Service", value: "Remote access" },
                  { title: "Agent", value: "jkowalski" },
                  { title: "Reasons", value: "not-resolved" },
                ],
              },
              { type: "TextBlock", text: "Still broken", wrap: true, isSubtle: true },
            ],
            actions: [
              {
                type: "Action.OpenUrl",
                title: "Open the ticket",
                url: "https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=1",
              },
            ],
          },
        },
      ],
    });
  });

  it("has no action when the ticket has no link, and tells of initiatives and follow-ups too", () => {
    const card = renderTeamsMessage(aRating({ ticketUrl: null })) as {
      attachments: [{ content: Record<string, unknown> }];
    };
    expect(card.attachments[0].content).not.toHaveProperty("actions");
    const moved = renderTeamsMessage({
      id: "evt_initiative_CSI-001_3",
      type: "initiative.transitioned",
      timestamp: "2026-11-20T15:00:00.000Z",
      data: {
        initiativeId: "CSI-001",
        title: "Shorter VPN reconnect",
        from: "approved",
        to: "in-progress",
        actor: "Ewa",
      },
    });
    expect(JSON.stringify(moved)).toContain("CSI-001 moved from approved to in-progress");
  });
});
