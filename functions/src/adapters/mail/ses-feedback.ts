import type { SNSEvent } from "aws-lambda";
import * as z from "zod/mini";
import type { MailFeedback } from "../../domain/mail-feedback.js";
import { isoDateTime } from "../../zod-mini-builders.js";

const Recipients = z.array(z.object({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) }));

// An SES sending event (configuration set event publishing) names its type `eventType`; an identity's feedback
// notification names it `notificationType`. Only bounces and complaints are read, each against its own shape, so a
// bounce that does not match is reported as unreadable rather than passed over as some other event.
const EventType = z.object({ eventType: z.optional(z.string()), notificationType: z.optional(z.string()) });
const BounceEvent = z.object({
  bounce: z.object({
    bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
    bouncedRecipients: Recipients,
    timestamp: isoDateTime(),
  }),
});
const ComplaintEvent = z.object({
  complaint: z.object({ complainedRecipients: Recipients, timestamp: isoDateTime() }),
});

/** A recipient as SES reports it may carry a display name (`Anna <anna@example.com>`); the address is inside. */
function bareAddress(recipient: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(recipient);
  return (angled?.[1] ?? recipient).trim();
}

/** Reads the bounces and complaints out of the SNS event that SES event publishing sends; anything else is skipped. */
export function mailFeedbackOf(event: SNSEvent): { feedback: MailFeedback[]; unreadable: string[] } {
  const feedback: MailFeedback[] = [];
  const unreadable: string[] = [];
  for (const record of event.Records) {
    try {
      const message: unknown = JSON.parse(record.Sns.Message);
      const { eventType, notificationType } = EventType.parse(message);
      const type = eventType ?? notificationType;
      if (type === "Bounce") {
        const { bounce } = BounceEvent.parse(message);
        feedback.push({
          kind: "bounce",
          bounceType: bounce.bounceType,
          recipients: bounce.bouncedRecipients.map((r) => bareAddress(r.emailAddress)),
          at: bounce.timestamp,
        });
      } else if (type === "Complaint") {
        const { complaint } = ComplaintEvent.parse(message);
        feedback.push({
          kind: "complaint",
          recipients: complaint.complainedRecipients.map((r) => bareAddress(r.emailAddress)),
          at: complaint.timestamp,
        });
      }
    } catch {
      unreadable.push(record.Sns.MessageId);
    }
  }
  return { feedback, unreadable };
}
