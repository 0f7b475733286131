/**
 * Request factories for the load generator. They run inside the load worker (a separate process), so each exports a
 * function from plain JSON arguments to a source of requests.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

/** One HTTP request as the load generator sends it. */
export interface PreparedRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Hands out the next request; called once per request sent. */
export type RequestSource = () => PreparedRequest;

/** The `X-Pulse-Timestamp` and `X-Pulse-Signature` headers of a delivery of a raw body, stamped now. */
export function signIntake(body: string, secret: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    "x-pulse-timestamp": timestamp,
    "x-pulse-signature": `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
  };
}

/** A resolved ticket with its own ticket id and requester, so no intake is a replay and none is throttled. */
export function benchTicket(prefix: string, sequence: number, resolvedAt: string) {
  return {
    source: "servicenow",
    ticketId: `${prefix}-${sequence}`,
    title: "VPN drops every few minutes",
    resolvedAt,
    requester: {
      email: `${prefix.toLowerCase()}.${sequence}@example.com`,
      name: "Bench",
      locale: sequence % 3 === 0 ? "en" : "pl",
    },
    service: ["Remote access", "Email & calendar", "Printing"][sequence % 3],
    category: "Network",
    assignmentGroup: "Network L2",
    agent: "jkowalski",
    supplier: "Orange Polska",
    priority: "P3",
    channel: "portal",
    slaBreached: false,
  };
}

/** A signed intake request for ticket `sequence`. */
export function signedIntake(
  args: { secret: string; prefix: string; resolvedAt: string },
  sequence: number,
): PreparedRequest {
  const body = JSON.stringify(benchTicket(args.prefix, sequence, args.resolvedAt));
  return {
    method: "POST",
    path: "/api/v1/tickets/resolved",
    headers: { "content-type": "application/json", ...signIntake(body, args.secret) },
    body,
  };
}

/** Endless signed intakes, each for a new ticket, signed as the request is sent. */
export function signedIntakes(args: { secret: string; prefix: string; resolvedAt: string }): RequestSource {
  let sequence = 0;
  return () => signedIntake(args, ++sequence);
}

/** The requests listed in a JSON file, in order (the caller sends exactly as many as it listed). */
export function preparedList(args: { file: string }): RequestSource {
  const list = JSON.parse(readFileSync(args.file, "utf8")) as PreparedRequest[];
  if (list.length === 0) throw new Error(`No requests in ${args.file}`);
  let next = 0;
  return () => list[next++ % list.length] as PreparedRequest;
}
