import { describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices } from "../helpers/test-services.js";

describe("A rating's trips to DynamoDB", () => {
  it("are three: the link, the survey read together with its follow-up case, and one write", async () => {
    const pulse = await startTestServices();
    expect((await postTicket(pulse.app, aResolvedTicket())).status).toBe(202);
    const [mail] = await readOutbox(pulse.outbox);
    if (!mail) throw new Error("no invitation was sent");
    const token = tokenOf(scoreLink(mail, 1));
    // The form's post answered with the page, then the page's script's post answered with JSON.
    for (const [score, json] of [
      [2, false],
      [5, true],
    ] as const) {
      const page = await openSurvey(pulse.app, `/s/${token}`);
      pulse.meter.reset();
      const answer = await postRating(pulse.app, token, { score, nonce: page.nonce ?? "" }, { json });
      expect(answer.status).toBe(200);
      // A low score opens a case and the change of mind closes it: both decide on the case read with the survey.
      expect(pulse.meter.calls).toBe(3);
    }
  });
});
