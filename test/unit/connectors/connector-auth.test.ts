import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConnectorAuth } from "../../../functions/src/domain/connectors/connectors.js";
import { refusedDelivery } from "../../../functions/src/http/connectors/connector-auth.js";

const SECRET = "the-connector-secret-0123456789";
const BODY = '{"ticket":{"id":"1"}}';

const delivery = (headers: Record<string, string>, body = BODY) => ({
  header: (name: string) => headers[name],
  body,
});
const hmac = (data: string, secret = SECRET) => createHmac("sha256", secret).update(data);
const refused = (kind: ConnectorAuth["kind"], headers: Record<string, string>, body?: string) =>
  refusedDelivery({ kind } as ConnectorAuth, SECRET, delivery(headers, body))?.field;

describe("A bearer secret", () => {
  it("is accepted when it is the connector's, in any letter case of the scheme", () => {
    expect(refused("bearer", { authorization: `Bearer ${SECRET}` })).toBeUndefined();
    expect(refused("bearer", { authorization: `bearer ${SECRET}` })).toBeUndefined();
  });

  it.each([
    ["missing", {}],
    ["another secret", { authorization: "Bearer another-secret-0123456789" }],
    ["the secret with more after it", { authorization: `Bearer ${SECRET}x` }],
    ["the secret as Basic", { authorization: `Basic ${SECRET}` }],
  ])("is refused when %s", (_, headers) => {
    expect(refused("bearer", headers)).toBe("Authorization");
  });
});

describe("Zendesk's signature", () => {
  const timestamp = "2026-11-20T14:03:27Z";
  const signed = (body = BODY) => ({
    "x-zendesk-webhook-signature": hmac(timestamp + body).digest("base64"),
    "x-zendesk-webhook-signature-timestamp": timestamp,
  });

  it("is accepted over the timestamp and the raw body", () => {
    expect(refused("zendesk-signature", signed())).toBeUndefined();
  });

  it("is refused for another body, another timestamp, or without its timestamp", () => {
    expect(refused("zendesk-signature", signed(), `${BODY} `)).toBe("X-Zendesk-Webhook-Signature");
    expect(
      refused("zendesk-signature", {
        ...signed(),
        "x-zendesk-webhook-signature-timestamp": "2026-11-20T14:03:28Z",
      }),
    ).toBe("X-Zendesk-Webhook-Signature");
    expect(
      refused("zendesk-signature", {
        "x-zendesk-webhook-signature": signed()["x-zendesk-webhook-signature"],
      }),
    ).toBe("X-Zendesk-Webhook-Signature-Timestamp");
    expect(refused("zendesk-signature", { ...signed(), "x-zendesk-webhook-signature": "not base64!" })).toBe(
      "X-Zendesk-Webhook-Signature",
    );
  });
});

describe("GLPI's signature", () => {
  const timestamp = "1763647380";
  const signed = { "x-glpi-signature": hmac(BODY + timestamp).digest("hex"), "x-glpi-timestamp": timestamp };

  it("is accepted over the raw body followed by the timestamp", () => {
    expect(refused("glpi-signature", signed)).toBeUndefined();
  });

  it("is refused when signed the other way round, or without its timestamp", () => {
    const reversed = { ...signed, "x-glpi-signature": hmac(timestamp + BODY).digest("hex") };
    expect(refused("glpi-signature", reversed)).toBe("X-GLPI-signature");
    expect(refused("glpi-signature", { "x-glpi-signature": signed["x-glpi-signature"] })).toBe(
      "X-GLPI-timestamp",
    );
  });
});

describe("A Jira delivery", () => {
  it("is accepted with a webhook's X-Hub-Signature over the body, or with the bearer secret", () => {
    expect(
      refused("hub-signature-or-bearer", { "x-hub-signature": `sha256=${hmac(BODY).digest("hex")}` }),
    ).toBeUndefined();
    expect(refused("hub-signature-or-bearer", { authorization: `Bearer ${SECRET}` })).toBeUndefined();
  });

  it("is refused with a signature of another secret, even when a right bearer secret rides along", () => {
    const wrong = `sha256=${hmac(BODY, "another-secret-0123456789").digest("hex")}`;
    expect(
      refused("hub-signature-or-bearer", { "x-hub-signature": wrong, authorization: `Bearer ${SECRET}` }),
    ).toBe("X-Hub-Signature");
    expect(refused("hub-signature-or-bearer", { "x-hub-signature": "sha1=abc" })).toBe("X-Hub-Signature");
  });
});

describe("A connector with no secret configured", () => {
  it("refuses every delivery", () => {
    expect(
      refusedDelivery({ kind: "bearer" }, undefined, delivery({ authorization: "Bearer " }))?.message,
    ).toContain("no secret configured");
  });
});
