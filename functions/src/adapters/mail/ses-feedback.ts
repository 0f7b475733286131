import type { SNSEvent } from "aws-lambda";
import * as z from "zod/mini";
import type { MailFeedback } from "../../domain/mail-feedback.js";

const Recipients = z.array(z.object({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) }));

// The fields Pulse reads of an SES sending event (configuration set event publishing, `eventType`) or of an identity
// feedback notification (`notificationType`); every other event type is ignored.
const SesEvent = z.union([
  z.object({
    eventType: z.optional(z.string()),
    notificationType: z.optional(z.string()),
    bounce: z.object({
      bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
      bouncedRecipients: Recipients,
      timestamp: z.iso.datetime(),
    }),
  }),
  z.object({
    eventType: z.optional(z.string()),
    notificationType: z.optional(z.string()),
    complaint: z.object({ complainedRecipients: Recipients, timestamp: z.iso.datetime() }),
  }),
  z.object({ eventType: z.optional(z.string()), notificationType: z.optional(z.string()) }),
]);

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
    let parsed: z.infer<typeof SesEvent>;
    try {
      parsed = SesEvent.parse(JSON.parse(record.Sns.Message));
    } catch {
      unreadable.push(record.Sns.MessageId);
      continue;
    }
    const type = parsed.eventType ?? parsed.notificationType;
    if (type === "Bounce" && "bounce" in parsed) {
      feedback.push({
        kind: "bounce",
        bounceType: parsed.bounce.bounceType,
        recipients: parsed.bounce.bouncedRecipients.map((r) => bareAddress(r.emailAddress)),
        at: parsed.bounce.timestamp,
      });
    } else if (type === "Complaint" && "complaint" in parsed) {
      feedback.push({
        kind: "complaint",
        recipients: parsed.complaint.complainedRecipients.map((r) => bareAddress(r.emailAddress)),
        at: parsed.complaint.timestamp,
      });
    }
  }
  return { feedback, unreadable };
}
