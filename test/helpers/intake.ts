import { createHmac } from "node:crypto";
import type { PulseApp } from "../../functions/src/http/app.js";
import { INTAKE_SECRET } from "./test-services.js";

/** The current Unix time in seconds, as an ITSM tool stamps a delivery. */
export const unixSeconds = () => String(Math.floor(Date.now() / 1000));

/** The `X-Pulse-Signature` header value for a raw body sent with a timestamp. */
export function sign(body: string, secret = INTAKE_SECRET, timestamp = unixSeconds()): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export const INTAKE_SIGNATURE_HEADER = "x-pulse-signature";
export const INTAKE_TIMESTAMP_HEADER = "x-pulse-timestamp";

/** Both headers of a signed delivery: the timestamp and the signature over it and the body. */
export function signedHeaders(body: string, secret = INTAKE_SECRET): Record<string, string> {
  const timestamp = unixSeconds();
  return { [INTAKE_TIMESTAMP_HEADER]: timestamp, [INTAKE_SIGNATURE_HEADER]: sign(body, secret, timestamp) };
}

let sequence = 0;

/** A resolved ticket as an ITSM tool would send it, with overrides. */
export function aResolvedTicket(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    source: "servicenow",
    ticketId: `INC${String(1_000_000 + sequence)}`,
    title: "VPN drops every few minutes",
    resolvedAt: "2026-11-20T14:03:00Z",
    requester: { email: `requester${sequence}@example.com`, name: "Anna", locale: "pl" },
    service: "Remote access",
    category: "Network",
    assignmentGroup: "Network L2",
    agent: "jkowalski",
    priority: "P3",
    channel: "portal",
    slaBreached: false,
    ...overrides,
  };
}

/** Posts a signed ticket to the intake endpoint. */
export async function postTicket(app: PulseApp, ticket: unknown, options: { signature?: string } = {}) {
  const body = JSON.stringify(ticket);
  const signed = signedHeaders(body);
  return app.request("/api/v1/tickets/resolved", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signed,
      ...(options.signature === undefined ? {} : { [INTAKE_SIGNATURE_HEADER]: options.signature }),
    },
    body,
  });
}
