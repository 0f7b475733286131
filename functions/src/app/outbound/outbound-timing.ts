// The figures that keep the outbound function, its queue and its backoff in step; the CDK stack reads them too.

/** How long one outbound invocation may run: a batch of deliveries, each bounded by the request timeout. */
export const OUTBOUND_TIMEOUT_SECONDS = 60;

/** How long one POST to a receiver may take before it counts as failed. */
export const OUTBOUND_REQUEST_TIMEOUT_MS = 10_000;

/** How long the queue hides a received message at first: six times the function's timeout, as Lambda advises. */
export const OUTBOUND_VISIBILITY_SECONDS = 6 * OUTBOUND_TIMEOUT_SECONDS;

/** How many tries a delivery gets before it is marked failed (a head may still redeliver it). */
export const OUTBOUND_MAX_ATTEMPTS = 8;

/** SQS hides a message for at most 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * The wait before try `receiveCount + 1`: 30 s doubling (30 s, 1 min, 2 min, … about 1 h before the eighth), set on AWS
 * as the message's visibility timeout; the local queue doubles its own wait the same way.
 */
export function outboundRetryDelaySeconds(receiveCount: number, baseSeconds = 30): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, receiveCount - 1), MAX_VISIBILITY_SECONDS);
}
