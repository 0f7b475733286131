import { describe, expect, it } from "vitest";
import type {
  OutboundEvent,
  RatingEventData,
} from "../../../functions/src/domain/outbound/outbound-event.js";
import {
  glpiSessionUrl,
  ratingNote,
  serviceNowNumberOf,
  serviceNowRecordUrl,
  serviceNowTable,
  sessionTokenOf,
  sysIdOf,
  writeBackRequest,
} from "../../../functions/src/domain/outbound/write-back.js";

const rating = (data: Partial<RatingEventData> = {}): OutboundEvent => ({
  id: "evt_rating_s-1_3",
  type: "rating.changed",
  timestamp: "2026-11-20T15:00:00.000Z",
  data: {
    surveyId: "s-1",
    source: "freshservice",
    ticketId: "SR-12_3",
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

  it("puts the ticket's id into the URL and escapes the note for Freshservice's HTML body", () => {
    expect(
      writeBackRequest(
        "freshservice",
        "https://acme.freshservice.com/api/v2/tickets/{ticketId}/notes",
        rating(),
      ),
    ).toEqual({
      method: "POST",
      url: "https://acme.freshservice.com/api/v2/tickets/SR-12_3/notes",
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

  it("is a ServiceNow work note on the record its number's lookup finds, in the table its prefix names", () => {
    const request = writeBackRequest(
      "servicenow",
      "https://acme.service-now.com/",
      rating({ ticketId: "RITM0010002", comment: null, reasons: [] }),
    );
    expect(request).toEqual({
      method: "PATCH",
      url: "https://acme.service-now.com/api/now/table/sc_req_item?sysparm_query=number%3DRITM0010002&sysparm_fields=sys_id&sysparm_limit=1",
      body: { work_notes: "Pulse: the requester rated this ticket 2 of 5 (changed from 4)." },
    });
    expect(serviceNowNumberOf(request?.url ?? "")).toBe("RITM0010002");
    expect(serviceNowRecordUrl(request?.url ?? "", "9d385017c611228701d22104cc95c371")).toBe(
      "https://acme.service-now.com/api/now/table/sc_req_item/9d385017c611228701d22104cc95c371",
    );
    expect(
      ["INC0010001", "REQ0010001", "SCTASK0010001", "CHG0030001", "PRB0040001", "4711"].map(serviceNowTable),
    ).toEqual(["incident", "sc_request", "sc_task", "change_request", "problem", "incident"]);
  });

  it.each(["zendesk", "jira", "freshservice"] as const)(
    "writes nothing to %s for a ticket id that would change the URL's path",
    (format) => {
      for (const ticketId of ["..", ".", "12/../../admin", "a b", "", "x".repeat(101)]) {
        expect(
          writeBackRequest(
            format,
            "https://acme.example.com/api/tickets/{ticketId}/notes",
            rating({ ticketId }),
          ),
        ).toBeUndefined();
      }
    },
  );

  it("writes nothing to ServiceNow for a ticket id that would widen the lookup's query", () => {
    expect(
      writeBackRequest(
        "servicenow",
        "https://acme.service-now.com",
        rating({ ticketId: "INC1^ORactive=true" }),
      ),
    ).toBeUndefined();
  });

  it("reads the record's sys_id from the Table API's answer, and nothing from an empty or broken one", () => {
    expect(sysIdOf('{"result":[{"sys_id":"abc123"}]}')).toBe("abc123");
    expect(sysIdOf('{"result":[]}')).toBeUndefined();
    expect(sysIdOf("<html>login</html>")).toBeUndefined();
  });

  it("is a private GLPI followup on the ticket in escaped rich text, with the session endpoints beside it", () => {
    const request = writeBackRequest(
      "glpi",
      "https://glpi.acme.com/apirest.php",
      rating({ ticketId: "4711" }),
    );
    expect(request).toEqual({
      method: "POST",
      url: "https://glpi.acme.com/apirest.php/ITILFollowup",
      body: {
        input: {
          itemtype: "Ticket",
          items_id: 4711,
          content:
            "Pulse: the requester rated this ticket 2 of 5 (changed from 4).<br>Reasons: too-slow<br>Comment: Fixed &lt;b&gt;twice&lt;/b&gt; &amp; still slow",
          is_private: 1,
        },
      },
    });
    expect(glpiSessionUrl(request?.url ?? "", "initSession")).toBe(
      "https://glpi.acme.com/apirest.php/initSession",
    );
    expect(glpiSessionUrl(request?.url ?? "", "killSession")).toBe(
      "https://glpi.acme.com/apirest.php/killSession",
    );
    expect(sessionTokenOf('{"session_token":"83af7e620c83a50a18d3eac2f6ed05a3ca0bea62"}')).toBe(
      "83af7e620c83a50a18d3eac2f6ed05a3ca0bea62",
    );
    expect(sessionTokenOf('["ERROR_GLPI_LOGIN_USER_TOKEN"]')).toBeUndefined();
  });

  it("writes nothing to GLPI for a ticket id that is not a GLPI ticket's number", () => {
    expect(
      writeBackRequest("glpi", "https://glpi.acme.com/apirest.php", rating({ ticketId: "INC7" })),
    ).toBeUndefined();
  });
});
