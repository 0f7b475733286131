import { createHmac } from "node:crypto";
import type { Clock } from "../../functions/src/app/ports.js";
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

/**
 * An hour before the clock's time (the wall clock unless a test brings its own), as an ITSM tool dates a ticket it
 * resolved just now: a fixed date would drift out of the survey window, or into the future of a test's clock.
 */
export function justResolved(clock: Clock = { now: () => new Date() }): string {
  return new Date(clock.now().getTime() - 3_600_000).toISOString();
}

/** A resolved ticket as an ITSM tool would send it, resolved an hour before the clock's time, with overrides. */
export function aResolvedTicket(overrides: Record<string, unknown> = {}, clock?: Clock) {
  sequence += 1;
  return {
    source: "servicenow",
    ticketId: `INC${String(1_000_000 + sequence)}`,
    title: "VPN drops every few minutes",
    resolvedAt: justResolved(clock),
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
