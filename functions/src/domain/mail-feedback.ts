import type { UndeliverableReason } from "./survey-policy.js";

/** What the mail service reported back about a sent message: a bounce (with its kind) or a complaint. */
export type MailFeedback =
  | {
      kind: "bounce";
      bounceType: "Permanent" | "Transient" | "Undetermined";
      recipients: string[];
      at: string;
    }
  | { kind: "complaint"; recipients: string[]; at: string };

/** The addresses that must never be mailed again after this feedback, and why; a transient bounce marks none. */
export function undeliverableAddresses(
  feedback: MailFeedback,
): { reason: UndeliverableReason; addresses: string[] } | undefined {
  if (feedback.kind === "complaint") return { reason: "complained", addresses: feedback.recipients };
  // A full mailbox or a greylisting server bounces transiently; SES itself retried it, and the next mail may pass.
  // "Undetermined" is not marked either: SES could not tell, and suppressing a working address loses a requester.
  if (feedback.bounceType === "Permanent") return { reason: "bounced", addresses: feedback.recipients };
  return undefined;
}
