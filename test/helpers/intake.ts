import { createHmac } from "node:crypto";
import type { PulseApp } from "../../functions/src/http/app.js";
import { INTAKE_SECRET } from "./test-services.js";

/** The `X-Pulse-Signature` header value for a raw body. */
export function sign(body: string, secret = INTAKE_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export const INTAKE_SIGNATURE_HEADER = "x-pulse-signature";

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
  return app.request("/api/v1/tickets/resolved", {
    method: "POST",
    headers: { "content-type": "application/json", "x-pulse-signature": options.signature ?? sign(body) },
    body,
  });
}
