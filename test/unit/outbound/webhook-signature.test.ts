import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  signedWebhookHeaders,
  verifyWebhookSignature,
} from "../../../functions/src/app/outbound/webhook-signature.js";

// The example of the Standard Webhooks specification (github.com/standard-webhooks/standard-webhooks, spec).
const SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';

describe("Webhook signatures", () => {
  it("are HMAC-SHA256 over id.timestamp.body keyed with the secret's base64 bytes, as Standard Webhooks signs", () => {
    const headers = signedWebhookHeaders({
      secret: SPEC_SECRET,
      id: SPEC_ID,
      at: new Date(SPEC_TIMESTAMP * 1000),
      body: SPEC_BODY,
    });
    const key = Buffer.from(SPEC_SECRET.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key)
      .update(`${SPEC_ID}.${SPEC_TIMESTAMP}.${SPEC_BODY}`)
      .digest("base64");
    expect(headers).toEqual({
      "webhook-id": SPEC_ID,
      "webhook-timestamp": String(SPEC_TIMESTAMP),
      "webhook-signature": `v1,${expected}`,
    });
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("verify for the receiver, and fail for another body, another secret or a timestamp five minutes off", () => {
    const secret = generateWebhookSecret();
    const at = new Date("2026-11-20T15:00:00Z");
    const body = '{"type":"rating.recorded"}';
    const signed = signedWebhookHeaders({ secret, id: "dlv_1", at, body });
    const headers = {
      id: signed["webhook-id"],
      timestamp: signed["webhook-timestamp"],
      signature: signed["webhook-signature"],
    };
    expect(verifyWebhookSignature({ secret, headers, body, now: at })).toBe(true);
    expect(
      verifyWebhookSignature({
        secret,
        headers: { ...headers, signature: `v1,bogus ${headers.signature}` },
        body,
        now: at,
      }),
    ).toBe(true);
    expect(verifyWebhookSignature({ secret, headers, body: `${body} `, now: at })).toBe(false);
    expect(verifyWebhookSignature({ secret: generateWebhookSecret(), headers, body, now: at })).toBe(false);
    expect(verifyWebhookSignature({ secret, headers, body, now: new Date(at.getTime() + 301_000) })).toBe(
      false,
    );
  });

  it("use secrets of 32 random bytes behind whsec_", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
