import type { SNSEvent } from "aws-lambda";

let sequence = 0;

/** An SNS event as the SES configuration set's event destination delivers it, carrying one SES event record. */
export function snsEventOf(sesEvent: Record<string, unknown>): SNSEvent {
  sequence += 1;
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: "arn:aws:sns:eu-central-1:111111111111:pulse-mail-events:sub",
        Sns: {
          Type: "Notification",
          MessageId: `sns-${sequence}`,
          TopicArn: "arn:aws:sns:eu-central-1:111111111111:pulse-mail-events",
          Subject: "Amazon SES Email Event Notification",
          Message: JSON.stringify(sesEvent),
          Timestamp: new Date().toISOString(),
          SignatureVersion: "1",
          Signature: "stub",
          SigningCertUrl: "https://sns.eu-central-1.amazonaws.com/cert.pem",
          UnsubscribeUrl: "https://sns.eu-central-1.amazonaws.com/unsubscribe",
          MessageAttributes: {},
        },
      },
    ],
  };
}

const mail = (to: string) => ({
  timestamp: "2026-11-20T15:00:00.000Z",
  source: "Pulse <pulse@acme.example>",
  messageId: "0100018c-example",
  destination: [to],
});

/** An SES Bounce event (the shape of the SES developer guide's example record). */
export function bounceEvent(to: string, bounceType: "Permanent" | "Transient" = "Permanent") {
  return snsEventOf({
    eventType: "Bounce",
    bounce: {
      bounceType,
      bounceSubType: bounceType === "Permanent" ? "General" : "MailboxFull",
      bouncedRecipients: [
        {
          emailAddress: to,
          action: "failed",
          status: "5.1.1",
          diagnosticCode: "smtp; 550 5.1.1 user unknown",
        },
      ],
      timestamp: "2026-11-20T15:01:02.669Z",
      feedbackId: "0100018c-feedback",
      reportingMTA: "dsn; mta.example.com",
    },
    mail: mail(to),
  });
}

/** An SES Complaint event: the recipient marked the mail as spam. */
export function complaintEvent(to: string) {
  return snsEventOf({
    eventType: "Complaint",
    complaint: {
      complainedRecipients: [{ emailAddress: to }],
      timestamp: "2026-11-20T16:00:00.000Z",
      feedbackId: "0100018c-complaint",
      complaintFeedbackType: "abuse",
    },
    mail: mail(to),
  });
}
