import * as z from "zod/mini";
import type { SendInvitation } from "./send-invitation.js";

const InvitationMessageSchema = z.object({ surveyId: z.string().check(z.minLength(1), z.maxLength(100)) });

/** Sends the invitations of a batch of queue messages, reporting each failed message so that only it is retried. */
export function makeInvitationConsumer(sendInvitation: SendInvitation) {
  return async function consume(records: Array<{ messageId: string; body: string }>) {
    const failures: Array<{ itemIdentifier: string }> = [];
    await Promise.all(
      records.map(async (record) => {
        try {
          const message = InvitationMessageSchema.parse(JSON.parse(record.body));
          await sendInvitation(message);
        } catch (error) {
          console.error(
            JSON.stringify({
              level: "error",
              message: "Invitation not sent",
              messageId: record.messageId,
              error: error instanceof Error ? error.message : String(error),
            }),
          );
          failures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
}
