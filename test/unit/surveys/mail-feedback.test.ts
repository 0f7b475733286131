import { describe, expect, it } from "vitest";
import { mailFeedbackOf } from "../../../functions/src/adapters/mail/ses-feedback.js";
import { undeliverableAddresses } from "../../../functions/src/domain/mail-feedback.js";
import { DEFAULT_POLICY, decideInvitation } from "../../../functions/src/domain/survey-policy.js";
import { bounceEvent, complaintEvent, snsEventOf } from "../../helpers/ses-events.js";

describe("Bounce and complaint reports from SES", () => {
  it("reads a permanent bounce as an address never to mail again", () => {
    const { feedback, unreadable } = mailFeedbackOf(bounceEvent("anna@example.com"));
    expect(unreadable).toEqual([]);
    expect(feedback.map(undeliverableAddresses)).toEqual([
      { reason: "bounced", addresses: ["anna@example.com"] },
    ]);
  });

  it("reads a complaint as an address never to mail again", () => {
    const { feedback } = mailFeedbackOf(complaintEvent("Anna Nowak <anna@example.com>"));
    expect(feedback.map(undeliverableAddresses)).toEqual([
      { reason: "complained", addresses: ["anna@example.com"] },
    ]);
  });

  it("keeps an address whose bounce was transient or undetermined", () => {
    const transient = mailFeedbackOf(bounceEvent("anna@example.com", "Transient")).feedback;
    expect(transient.map(undeliverableAddresses)).toEqual([undefined]);
    expect(
      undeliverableAddresses({ kind: "bounce", bounceType: "Undetermined", recipients: ["a@b.pl"], at: "" }),
    ).toBeUndefined();
  });

  it("reads the older identity notifications, which name the type notificationType", () => {
    const { feedback } = mailFeedbackOf(
      snsEventOf({
        notificationType: "Complaint",
        complaint: {
          complainedRecipients: [{ emailAddress: "a@example.com" }],
          timestamp: "2026-11-20T16:00:00Z",
        },
      }),
    );
    expect(feedback).toEqual([
      { kind: "complaint", recipients: ["a@example.com"], at: "2026-11-20T16:00:00Z" },
    ]);
  });

  it("ignores deliveries and opens, and names a message that is not an SES event at all", () => {
    const delivery = mailFeedbackOf(snsEventOf({ eventType: "Delivery", delivery: {} }));
    expect(delivery).toEqual({ feedback: [], unreadable: [] });
    const garbage = snsEventOf({});
    const first = garbage.Records[0];
    if (first) first.Sns.Message = "not json";
    expect(mailFeedbackOf(garbage).unreadable).toEqual([first?.Sns.MessageId]);
    const badDate = mailFeedbackOf(
      snsEventOf({
        eventType: "Bounce",
        bounce: {
          bounceType: "Permanent",
          bouncedRecipients: [{ emailAddress: "a@b.pl" }],
          timestamp: "yesterday",
        },
      }),
    );
    expect(badDate.feedback).toEqual([]);
    expect(badDate.unreadable).toHaveLength(1);
  });

  it("skips an undeliverable requester with its own reason, even one invited a day ago", () => {
    const decision = decideInvitation({
      ticket: {
        source: "servicenow",
        ticketId: "INC2",
        title: "Printer",
        resolvedAt: "2026-11-20T14:03:00Z",
        requester: { email: "anna@example.com", locale: "en" },
      },
      profile: { optedOut: false, undeliverable: "bounced", lastInvitedAt: "2026-11-19T10:00:00Z" },
      policy: DEFAULT_POLICY,
      now: new Date("2026-11-20T15:00:00Z"),
      sampleDraw: 0.1,
    });
    expect(decision).toEqual({ kind: "skip", reason: "undeliverable" });
  });
});
