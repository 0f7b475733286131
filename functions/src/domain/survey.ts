import type { DimensionValues } from "./dimensions.js";

export type Score = 1 | 2 | 3 | 4 | 5;
export const SCORES: readonly Score[] = [1, 2, 3, 4, 5];

/** Why an invitation was not sent; each is counted so the response rate stays honest. */
export type SkipReason =
  | "no-email"
  | "opted-out"
  | "throttled"
  | "sampled-out"
  | "requester-is-agent"
  /** The address bounced for good or its owner complained: mailing it again would hurt the sender's reputation. */
  | "undeliverable"
  /** The mail server refused the invitation on every try (the queue's, then the sweep's): it is given up, not retried forever. */
  | "mail-failed"
  /** Resolved longer ago than a survey stays open: the requester would be asked about a ticket long forgotten. */
  | "stale";
/** Every skip reason once, in the order reports list them; the intake's schema is made from it. */
export const SKIP_REASONS = [
  "no-email",
  "opted-out",
  "throttled",
  "sampled-out",
  "requester-is-agent",
  "undeliverable",
  "mail-failed",
  "stale",
] as const satisfies readonly SkipReason[];

/** A resolved ticket as the ITSM tool reports it, already validated at the edge. */
export interface ResolvedTicket {
  source: string;
  ticketId: string;
  title: string;
  resolvedAt: string;
  /** The ticket's page in the ITSM tool, an http(s) URL. */
  ticketUrl?: string | undefined;
  requester: { email?: string | undefined; name?: string | undefined; locale?: string | undefined };
  service?: string | undefined;
  category?: string | undefined;
  assignmentGroup?: string | undefined;
  agent?: string | undefined;
  /** The vendor or contractor that worked the ticket, when an outside party did. */
  supplier?: string | undefined;
  priority?: string | undefined;
  channel?: string | undefined;
  slaBreached?: boolean | undefined;
}

/** How a rating reached us: confirmed by the page after it was visible for a while, or by the requester's own click. */
export type SubmissionMode = "auto" | "deliberate";

export interface RecordedResponse {
  /** Absent when a burst of scanner-like confirmations withdrew the rating and no deliberate one replaced it. */
  score?: Score | undefined;
  comment?: string | undefined;
  reasons: string[];
  mode: SubmissionMode;
  respondedAt: string;
  /** Automatic confirmations seen recently, kept to recognise a mail scanner opening every link. */
  autoHits: Array<{ score: Score; at: string }>;
  changes: number;
}

/** A survey mail's progress; `nonce` fixes its link and mail id for every try, `claimedAt` starts a mailer's lease. */
export interface MailState {
  state: "pending" | "sending" | "sent";
  sentAt?: string | undefined;
  claimedAt?: string | undefined;
  nonce?: string | undefined;
  /** How many tries have claimed this mail so far. */
  attempts?: number | undefined;
}

export interface Survey {
  surveyId: string;
  source: string;
  ticketId: string;
  title: string;
  /** The ticket's page in the ITSM tool, when intake carried one. */
  ticketUrl?: string | undefined;
  resolvedAt: string;
  /** The ticket's latest resolution that this survey stands for, once a delivery revised it (a later one while open). */
  lastResolvedAt?: string | undefined;
  /** The organisation-local day of resolution: the bucket its invitation and rating are counted in. */
  day: string;
  requester: {
    email?: string | undefined;
    name?: string | undefined;
    locale: "pl" | "en";
    key?: string | undefined;
  };
  dimensions: DimensionValues;
  status: "invited" | "skipped";
  skipReason?: SkipReason | undefined;
  createdAt: string;
  expiresAt?: string | undefined;
  /** Where the invitation email stands: stored, being sent, or sent. */
  invitation?: MailState | undefined;
  /** The one reminder: claimed, given back after a failed try, or sent (older records hold only `sentAt`). */
  reminder?: (Partial<MailState> & { sentAt?: string | undefined }) | undefined;
  response?: RecordedResponse | undefined;
  /** Ids of the page nonces already used: each page's one-time value records at most once. */
  usedNonces?: string[] | undefined;
  /** Issue time (ms) at or before which every page nonce counts as used, for ids no longer listed. */
  nonceFloor?: number | undefined;
  /** When the requester's data was first erased from it, by a request or by the retention sweep. */
  anonymisedAt?: string | undefined;
  /** Moved by every write that changes what the survey counts: a rating, a revision, an invitation claimed or skipped. */
  version: number;
}

/** The dimension values of a ticket, as strings, leaving out what the ticket did not say. */
export function dimensionsOf(ticket: ResolvedTicket): DimensionValues {
  const values: DimensionValues = {};
  if (ticket.service) values.service = ticket.service;
  if (ticket.category) values.category = ticket.category;
  if (ticket.assignmentGroup) values.assignmentGroup = ticket.assignmentGroup;
  if (ticket.agent) values.agent = ticket.agent;
  if (ticket.supplier) values.supplier = ticket.supplier;
  if (ticket.priority) values.priority = ticket.priority;
  if (ticket.channel) values.channel = ticket.channel;
  if (ticket.slaBreached !== undefined) values.slaBreached = ticket.slaBreached ? "breached" : "met";
  return values;
}

/** Whether the survey currently holds a score that counts in the trends. */
export function scoreOf(survey: Pick<Survey, "response">): Score | undefined {
  return survey.response?.score;
}
