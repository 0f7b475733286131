// The three figures that keep a mailer's claim and the queue's redelivery in step; the CDK stack reads them too.

/** How long one mailer invocation may run before Lambda stops it. */
export const MAILER_TIMEOUT_SECONDS = 30;

/**
 * How long a claim on a mail holds: longer than a live mailer can run, so it never loses its own claim, and shorter
 * than the queue's visibility timeout, so a redelivery after a crash finds the claim expired and sends.
 */
export const MAIL_LEASE_SECONDS = 2 * MAILER_TIMEOUT_SECONDS;

/** How long the queue hides a received message: six times the mailer's timeout, as Lambda advises for SQS sources. */
export const MAIL_VISIBILITY_SECONDS = 6 * MAILER_TIMEOUT_SECONDS;

/** How often a message is received before it goes to the dead-letter queue. */
export const MAIL_MAX_RECEIVE_COUNT = 5;

/**
 * How many tries an invitation gets in all: the queue's five, then five more for each of two sweeps (or redrives of
 * the dead-letter queue). One the mail server refuses every time is then counted as skipped (`mail-failed`) rather
 * than queued again every 15 minutes until its window closes.
 */
export const MAIL_MAX_INVITATION_ATTEMPTS = 3 * MAIL_MAX_RECEIVE_COUNT;
