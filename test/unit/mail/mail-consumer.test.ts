import { describe, expect, it } from "vitest";
import type { DeliverDigest } from "../../../functions/src/app/digest/send-monthly-digest.js";
import { makeMailConsumer } from "../../../functions/src/app/mail/mail-consumer.js";
import { MailNotYetSendable } from "../../../functions/src/app/mail/mail-errors.js";
import type { SendSurveyMail } from "../../../functions/src/app/surveys/send-survey-mail.js";

describe("The mailer's queue consumer", () => {
  it("sends each kind of mail and reports only the messages it could not send, so only they are retried", async () => {
    const sent: string[] = [];
    const sendSurveyMail: SendSurveyMail = async (kind, surveyId) => {
      if (surveyId === "broken") throw new Error("SES throttled");
      if (surveyId === "held") throw new MailNotYetSendable("claimed by another try");
      sent.push(`${kind}:${surveyId}`);
      return "sent";
    };
    const deliverDigest: DeliverDigest = async ({ month, to }) => {
      sent.push(`digest:${month}:${to}`);
      return "sent";
    };
    const consume = makeMailConsumer({ sendSurveyMail, deliverDigest });
    const result = await consume([
      { messageId: "m1", body: JSON.stringify({ surveyId: "a" }) },
      { messageId: "m2", body: JSON.stringify({ kind: "invitation", surveyId: "broken" }) },
      { messageId: "m3", body: "not json" },
      { messageId: "m4", body: JSON.stringify({ kind: "reminder", surveyId: "b" }) },
      { messageId: "m5", body: JSON.stringify({ kind: "digest", month: "2026-11", to: "head@example.com" }) },
      { messageId: "m6", body: JSON.stringify({ kind: "reminder", surveyId: "held" }) },
      {
        messageId: "m7",
        body: JSON.stringify({ kind: "digest", month: "November", to: "head@example.com" }),
      },
    ]);
    expect(sent.sort()).toEqual(["digest:2026-11:head@example.com", "invitation:a", "reminder:b"]);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      "m2",
      "m3",
      "m6",
      "m7",
    ]);
  });

  it("spaces the sends of one batch so that the pollers together stay within the mail server's rate", async () => {
    const waits: number[] = [];
    const started: string[] = [];
    const consume = makeMailConsumer({
      sendSurveyMail: async (_kind, surveyId) => {
        started.push(surveyId);
        return "sent";
      },
      deliverDigest: async () => "sent",
      sendIntervalMs: 143,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const records = ["a", "b", "c", "d"].map((surveyId, index) => ({
      messageId: `m${index}`,
      body: JSON.stringify({ kind: "invitation", surveyId }),
    }));

    expect(await consume(records)).toEqual({ batchItemFailures: [] });
    // The first send starts at once, the n-th n × 143 ms later: 7 mails a second from this poller at most.
    expect(waits.sort((x, y) => x - y)).toEqual([143, 286, 429]);
    expect(started.sort()).toEqual(["a", "b", "c", "d"]);
  });
});
