/**
 * How fast the mailer may drain the mail queue, from the SES send rate of the account.
 * Kept apart from the stack so the arithmetic is tested on its own.
 */

/** Lambda's smallest `maxConcurrency` for an SQS event source. */
export const MIN_SQS_CONCURRENCY = 2;
/** The largest batch the mailer takes; the mails of one batch are sent at once. */
export const MAX_MAIL_BATCH = 10;

/** The SQS event source settings that keep the mailer at or under the SES send rate. */
export interface MailerPolling {
  readonly batchSize: number;
  readonly maxConcurrency: number;
}

/**
 * Sizes the mailer's SQS polling so that at most `sesSendRate` mails a second reach SES: concurrency × batch size ≤
 * rate, and each invocation starts its sends `1000 × concurrency / rate` ms apart (`MAIL_SEND_INTERVAL_MS`), so that
 * however fast a batch's round trips are, each poller sends at most rate ÷ concurrency mails a second.
 */
export function mailerPolling(sesSendRate: number): MailerPolling {
  if (!Number.isFinite(sesSendRate) || sesSendRate < MIN_SQS_CONCURRENCY) {
    throw new Error(`sesSendRate must be a number of mails per second, at least ${MIN_SQS_CONCURRENCY}`);
  }
  const maxConcurrency = Math.max(MIN_SQS_CONCURRENCY, Math.floor(sesSendRate / MAX_MAIL_BATCH));
  const batchSize = Math.min(MAX_MAIL_BATCH, Math.floor(sesSendRate / maxConcurrency));
  return { batchSize, maxConcurrency };
}
