import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ConnectorAuth } from "../../domain/connectors/connectors.js";
import type { FieldError } from "../errors.js";

/** The request parts a connector's authentication reads: its headers (by lower-case name) and the raw body. */
export interface Delivery {
  header(name: string): string | undefined;
  body: string;
}

// Digests of equal length, so comparing them takes the same time whatever was sent.
const sha256 = (value: string | Buffer) => createHash("sha256").update(value).digest();
const sameBytes = (given: Buffer, expected: Buffer) => timingSafeEqual(sha256(given), sha256(expected));
const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data, "utf8").digest();

function bearer(secret: string, delivery: Delivery): FieldError | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(delivery.header("authorization") ?? "");
  if (!match?.[1]) return { field: "Authorization", message: "expected Bearer <the connector's secret>" };
  return sameBytes(Buffer.from(match[1], "utf8"), Buffer.from(secret, "utf8"))
    ? undefined
    : { field: "Authorization", message: "is not the connector's secret" };
}

// Zendesk: base64(HMAC-SHA256(secret, timestamp + body)), the timestamp in its own header.
function zendesk(secret: string, delivery: Delivery): FieldError | undefined {
  const signature = delivery.header("x-zendesk-webhook-signature")?.trim();
  const timestamp = delivery.header("x-zendesk-webhook-signature-timestamp")?.trim();
  if (!timestamp)
    return {
      field: "X-Zendesk-Webhook-Signature-Timestamp",
      message: "is missing; Zendesk signs every webhook",
    };
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature))
    return { field: "X-Zendesk-Webhook-Signature", message: "is missing or not base64" };
  return sameBytes(Buffer.from(signature, "base64"), hmac(secret, timestamp + delivery.body))
    ? undefined
    : {
        field: "X-Zendesk-Webhook-Signature",
        message: "does not match the signing secret, timestamp and body",
      };
}

// GLPI: hex HMAC-SHA256(secret, body + timestamp), the timestamp in its own header.
function glpi(secret: string, delivery: Delivery): FieldError | undefined {
  const signature = delivery.header("x-glpi-signature")?.trim();
  const timestamp = delivery.header("x-glpi-timestamp")?.trim();
  if (!timestamp) return { field: "X-GLPI-timestamp", message: "is missing; GLPI signs every webhook" };
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature))
    return { field: "X-GLPI-signature", message: "is missing or not a hex SHA-256 HMAC" };
  return sameBytes(Buffer.from(signature, "hex"), hmac(secret, delivery.body + timestamp))
    ? undefined
    : { field: "X-GLPI-signature", message: "does not match the webhook's secret, body and timestamp" };
}

// A Jira webhook registered with a secret: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`.
function hubSignature(secret: string, delivery: Delivery): FieldError | undefined {
  const header = delivery.header("x-hub-signature")?.trim() ?? "";
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header);
  if (!match?.[1]) return { field: "X-Hub-Signature", message: "expected sha256=<hex>" };
  return sameBytes(Buffer.from(match[1], "hex"), hmac(secret, delivery.body))
    ? undefined
    : { field: "X-Hub-Signature", message: "does not match the webhook's secret and body" };
}

/**
 * Whether a delivery proves it comes from the connector's tool: undefined when it does, else the header that failed.
 * A connector with no secret configured refuses everything.
 */
export function refusedDelivery(
  auth: ConnectorAuth,
  secret: string | undefined,
  delivery: Delivery,
): FieldError | undefined {
  if (!secret) return { field: "Authorization", message: "this connector has no secret configured in Pulse" };
  switch (auth.kind) {
    case "bearer":
      return bearer(secret, delivery);
    case "zendesk-signature":
      return zendesk(secret, delivery);
    case "glpi-signature":
      return glpi(secret, delivery);
    case "hub-signature-or-bearer":
      return delivery.header("x-hub-signature") === undefined
        ? bearer(secret, delivery)
        : hubSignature(secret, delivery);
  }
}
