import { describe, expect, it } from "vitest";
import { makeInvitationConsumer } from "../../../functions/src/app/surveys/invitation-consumer.js";

describe("The mailer's queue consumer", () => {
  it("reports only the messages it could not send, so only they are retried", async () => {
    const sent: string[] = [];
    const consume = makeInvitationConsumer(async ({ surveyId }) => {
      if (surveyId === "broken") throw new Error("SES throttled");
      sent.push(surveyId);
      return "sent";
    });
    const result = await consume([
      { messageId: "m1", body: JSON.stringify({ surveyId: "a" }) },
      { messageId: "m2", body: JSON.stringify({ surveyId: "broken" }) },
      { messageId: "m3", body: "not json" },
      { messageId: "m4", body: JSON.stringify({ surveyId: "b" }) },
    ]);
    expect(sent.sort()).toEqual(["a", "b"]);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(["m2", "m3"]);
  });
});
