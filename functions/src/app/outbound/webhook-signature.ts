import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhooks are signed as Standard Webhooks (https://www.standardwebhooks.com/) and Stripe-style schemes sign: the
 * secret is `whsec_` + base64 of 32 random bytes, the HMAC key is those bytes, and the signed content is
 * `<webhook-id>.<webhook-timestamp>.<raw body>`.
 */
export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** A new signing secret, shown to the head once when the webhook is registered. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

const keyOf = (secret: string) =>
  secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), "base64")
    : Buffer.from(secret, "utf8");

/** The `v1,<base64 HMAC-SHA256>` signature of one delivery attempt. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three headers a signed delivery carries. */
export function signedWebhookHeaders(input: {
  secret: string;
  id: string;
  at: Date;
  body: string;
}): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  const timestamp = Math.floor(input.at.getTime() / 1000);
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": webhookSignature(input.secret, input.id, timestamp, input.body),
  };
}

/**
 * What a receiver does: true when one of the space-separated `v1,` signatures matches and the timestamp is within
 * `toleranceSeconds` of `now` (five minutes, as Standard Webhooks advises against replays).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  headers: { id: string; timestamp: string; signature: string };
  body: string;
  now: Date;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.headers.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(input.secret, input.headers.id, timestamp, input.body));
  return input.headers.signature
    .split(" ")
    .map((candidate) => Buffer.from(candidate))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}
