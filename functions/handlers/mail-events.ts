import type { SNSEvent } from "aws-lambda";

/**
 * SNS (the SES configuration set's bounce and complaint events) → addresses marked never to be mailed again.
 * This build has no handling yet, so each notification fails and is kept in the alarmed failure queue.
 */
export async function handler(event: SNSEvent): Promise<never> {
  throw new Error(`mail-events: ${event.Records.length} notification(s) kept for handling`);
}
