import * as z from "zod/mini";

/** One mail for the mailer to send: a survey's invitation or its reminder, or one recipient's monthly digest. */
export type MailMessage =
  | { kind: "invitation"; surveyId: string }
  | { kind: "reminder"; surveyId: string }
  /** `run` tells a forced re-send apart from the month's first run, whose deliveries are already claimed. */
  | { kind: "digest"; month: string; to: string; run?: string | undefined };

const surveyId = z.string().check(z.minLength(1), z.maxLength(100));

const MailMessageSchema = z.union([
  z.object({ kind: z.literal("invitation"), surveyId }),
  z.object({ kind: z.literal("reminder"), surveyId }),
  z.object({
    kind: z.literal("digest"),
    month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
    to: z.string().check(z.minLength(3), z.maxLength(320)),
    run: z.optional(z.string().check(z.maxLength(40))),
  }),
]);

/** Parses a queue body; a body without `kind` is an invitation, as queued before reminders and digests shared the queue. */
export function parseMailMessage(body: string): MailMessage {
  const raw: unknown = JSON.parse(body);
  const withKind =
    raw !== null && typeof raw === "object" && !("kind" in raw) ? { ...raw, kind: "invitation" } : raw;
  return MailMessageSchema.parse(withKind);
}

/** What a log line or a dead letter says about a message, without the recipient's address. */
export function describeMailMessage(message: MailMessage): Record<string, string> {
  return message.kind === "digest"
    ? { kind: message.kind, month: message.month }
    : { kind: message.kind, surveyId: message.surveyId };
}
