import { DomainError } from "./errors.js";
import { isStorableNumber } from "./storable-number.js";
import type { ResolvedTicket, SkipReason } from "./survey.js";

/** The settings that decide who is surveyed and for how long a link works. */
export interface SurveyPolicy {
  /** At most one invitation per requester in this many days. */
  throttleDays: number;
  /** Share of eligible tickets that get an invitation, 0..1. */
  sampleRate: number;
  /** Days a survey link stays open. */
  expiryDays: number;
  /** Automatic confirmations of different scores this close together are taken for a mail scanner. */
  scannerWindowSeconds: number;
  /** Ratings at or below this open a follow-up case. */
  followUpThreshold: number;
}

export const DEFAULT_POLICY: SurveyPolicy = {
  throttleDays: 7,
  sampleRate: 1,
  expiryDays: 14,
  scannerWindowSeconds: 30,
  followUpThreshold: 2,
};

/** What the store knows of a requester before this ticket. */
export interface RequesterProfile {
  optedOut: boolean;
  lastInvitedAt?: string | undefined;
  /** Set once the mail server reported the address as permanently bouncing or complaining. */
  undeliverable?: UndeliverableReason | undefined;
}

/** Why an address is never mailed again. */
export type UndeliverableReason = "bounced" | "complained";

export type InvitationDecision = { kind: "invite"; expiresAt: string } | { kind: "skip"; reason: SkipReason };

// A pragmatic address check: one @, a dot in the domain, no spaces. The ITSM tool owns address truth.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a string looks like an address an invitation could be sent to. */
export function isDeliverableEmail(email: string | undefined): email is string {
  return email !== undefined && email.length <= 254 && EMAIL.test(email);
}

const DAY_MS = 86_400_000;

/** How far after Pulse's clock a resolution may be dated: the ITSM tool's clock may run a little fast. */
export const RESOLUTION_CLOCK_SKEW_MS = 5 * 60_000;

/** Refuses a resolution dated later than Pulse's clock allows for skew, naming the field: it has not happened yet. */
export function refuseFutureResolution(resolvedAt: string, now: Date): void {
  if (Date.parse(resolvedAt) > now.getTime() + RESOLUTION_CLOCK_SKEW_MS) {
    throw new DomainError("validation", "The ticket's resolution lies in the future", {
      fields: [{ field: "resolvedAt", message: "is more than 5 minutes after the current time" }],
    });
  }
}

/**
 * Decides whether a resolved ticket's requester is invited, and if not, why not. A ticket resolved longer ago than a
 * survey stays open is `stale` whoever its requester is, so it is judged first.
 */
export function decideInvitation(input: {
  ticket: ResolvedTicket;
  profile: RequesterProfile;
  policy: SurveyPolicy;
  now: Date;
  /** A draw in [0, 1) fixed for this ticket, so that a retried delivery is sampled the same way. */
  sampleDraw: number;
}): InvitationDecision {
  const { ticket, profile, policy, now, sampleDraw } = input;
  if (now.getTime() - Date.parse(ticket.resolvedAt) > policy.expiryDays * DAY_MS)
    return { kind: "skip", reason: "stale" };
  const email = ticket.requester.email;
  if (!isDeliverableEmail(email)) return { kind: "skip", reason: "no-email" };
  if (isAgentOfTicket(email, ticket.agent)) return { kind: "skip", reason: "requester-is-agent" };
  if (profile.optedOut) return { kind: "skip", reason: "opted-out" };
  if (profile.undeliverable) return { kind: "skip", reason: "undeliverable" };
  if (profile.lastInvitedAt) {
    const elapsedDays = (now.getTime() - Date.parse(profile.lastInvitedAt)) / DAY_MS;
    if (elapsedDays < policy.throttleDays) return { kind: "skip", reason: "throttled" };
  }
  if (sampleDraw >= policy.sampleRate) return { kind: "skip", reason: "sampled-out" };
  return {
    kind: "invite",
    expiresAt: new Date(now.getTime() + policy.expiryDays * DAY_MS).toISOString(),
  };
}

/** Whether the requester is the agent who resolved the ticket, by address or by account name. */
export function isAgentOfTicket(email: string, agent: string | undefined): boolean {
  if (!agent) return false;
  const normalisedAgent = agent.trim().toLowerCase();
  const normalisedEmail = email.trim().toLowerCase();
  return normalisedAgent === normalisedEmail || normalisedAgent === normalisedEmail.split("@")[0];
}

/** Checks a policy's own invariants, naming the first bad setting. */
export function validatePolicy(policy: SurveyPolicy): SurveyPolicy {
  const bad: string[] = [];
  const storable = (value: number, low: number, high: number) =>
    isStorableNumber(value) && value >= low && value <= high;
  if (!storable(policy.throttleDays, 0, 365)) bad.push("throttleDays");
  if (!storable(policy.sampleRate, 0, 1)) bad.push("sampleRate");
  if (!(policy.expiryDays >= 1 && policy.expiryDays <= 90)) bad.push("expiryDays");
  if (!(policy.scannerWindowSeconds >= 0 && policy.scannerWindowSeconds <= 600))
    bad.push("scannerWindowSeconds");
  if (!(policy.followUpThreshold >= 0 && policy.followUpThreshold <= 4)) bad.push("followUpThreshold");
  if (bad.length > 0)
    throw new DomainError("validation", `Invalid survey policy: ${bad.join(", ")}`, { fields: bad });
  return policy;
}
