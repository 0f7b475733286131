import { describe, expect, it } from "vitest";
import type {
  Webhook,
  WebhookDelivery,
  WebhookPoster,
} from "../../../functions/src/app/outbound/outbound-ports.js";
import { sendTwoStepWriteBack } from "../../../functions/src/app/outbound/two-step-write-back.js";
import { silentLog } from "../../../functions/src/app/ports.js";

const glpiWebhook: Webhook = {
  id: "wh_1",
  url: "https://glpi.acme.com/apirest.php",
  events: ["rating.recorded"],
  format: "glpi",
  description: null,
  source: "glpi",
  authorization: "user_token u",
  appToken: "a",
  secret: "whsec_x",
  createdAt: "2026-11-20T15:00:00.000Z",
  createdBy: "Ewa",
};

const delivery: WebhookDelivery = {
  id: "dlv_1",
  webhookId: "wh_1",
  eventId: "evt_1",
  eventType: "rating.recorded",
  method: "POST",
  url: "https://glpi.acme.com/apirest.php/ITILFollowup",
  body: '{"input":{"itemtype":"Ticket","items_id":7,"content":"x","is_private":1}}',
  status: "pending",
  attempts: [],
  createdAt: "2026-11-20T15:00:00.000Z",
  updatedAt: "2026-11-20T15:00:00.000Z",
  surveyId: "s-1",
  erasedAt: null,
};

/** A poster that answers each call from a script by its URL's last segment, and records the calls. */
function scriptedPoster(answers: Record<string, { statusCode: number; body?: string } | Error>) {
  const calls: string[] = [];
  const poster: WebhookPoster = {
    async post(url, _body, _headers, method) {
      const step = url.split("/").pop() ?? "";
      calls.push(`${method} ${step}`);
      const answer = answers[step];
      if (answer instanceof Error) throw answer;
      return answer ?? { statusCode: 404 };
    },
  };
  return { poster, calls };
}

const headers = {
  "content-type": "application/json",
  "user-agent": "Pulse-Webhooks/1",
  authorization: "user_token u",
};

describe("A GLPI write-back's try", () => {
  it("closes the session even when the followup is refused, and fails with the followup's status", async () => {
    const { poster, calls } = scriptedPoster({
      initSession: { statusCode: 200, body: '{"session_token":"t"}' },
      ITILFollowup: { statusCode: 400, body: '["ERROR_GLPI_ADD",""]' },
      killSession: { statusCode: 200 },
    });
    const outcome = await sendTwoStepWriteBack({
      delivery,
      webhook: glpiWebhook,
      poster,
      headers,
      log: silentLog,
    });
    expect(outcome).toEqual({ statusCode: 400, error: "The followup answered 400" });
    expect(calls).toEqual(["GET initSession", "POST ITILFollowup", "GET killSession"]);
  });

  it("counts as delivered when only the session's close fails: the followup is on the ticket", async () => {
    const { poster } = scriptedPoster({
      initSession: { statusCode: 200, body: '{"session_token":"t"}' },
      ITILFollowup: { statusCode: 201, body: '{"id":9}' },
      killSession: new Error("socket hang up"),
    });
    const outcome = await sendTwoStepWriteBack({
      delivery,
      webhook: glpiWebhook,
      poster,
      headers,
      log: silentLog,
    });
    expect(outcome).toEqual({ statusCode: 201, error: null });
  });

  it("posts nothing when initSession answers without a session token", async () => {
    const { poster, calls } = scriptedPoster({ initSession: { statusCode: 200, body: "<html></html>" } });
    const outcome = await sendTwoStepWriteBack({
      delivery,
      webhook: glpiWebhook,
      poster,
      headers,
      log: silentLog,
    });
    expect(outcome).toEqual({ statusCode: 200, error: "initSession answered without a session_token" });
    expect(calls).toEqual(["GET initSession"]);
  });
});

describe("A ServiceNow write-back's try", () => {
  it("fails without updating anything when no record has the number", async () => {
    const { poster, calls } = scriptedPoster({});
    const lookupPoster: WebhookPoster = {
      post: (url, body, h, method) =>
        method === "GET"
          ? Promise.resolve({ statusCode: 200, body: '{"result":[]}' })
          : poster.post(url, body, h, method),
    };
    const outcome = await sendTwoStepWriteBack({
      delivery: {
        ...delivery,
        method: "PATCH",
        url: "https://acme.service-now.com/api/now/table/incident?sysparm_query=number%3DINC0010001&sysparm_fields=sys_id&sysparm_limit=1",
        body: '{"work_notes":"x"}',
      },
      webhook: { ...glpiWebhook, format: "servicenow", url: "https://acme.service-now.com", appToken: null },
      poster: lookupPoster,
      headers,
      log: silentLog,
    });
    expect(outcome).toEqual({ statusCode: 200, error: "ServiceNow has no record numbered INC0010001" });
    expect(calls).toEqual([]);
  });
});
