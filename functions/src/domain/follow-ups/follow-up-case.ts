import { DomainError } from "../errors.js";
import { formatInitiativeId, type InitiativeInput, parseInitiativeId } from "../initiatives/initiative.js";
import { isIsoDateTime } from "../initiatives/iso-dates.js";
import { addWorkingDays } from "./working-days.js";

/**
 * Service recovery: a rating at or below the threshold opens a case for the service's owner group, who contact
 * the requester and resolve it. A later rating above the threshold means the requester changed their mind, so
 * the case resolves itself; a rating that drops back down reopens it.
 */

export const FOLLOW_UP_STATUSES = ["open", "contacted", "resolved"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** `handled` when staff resolved it, `rating-raised` when the requester's new rating closed it. */
export const FOLLOW_UP_RESOLUTIONS = ["handled", "rating-raised"] as const;
export type FollowUpResolution = (typeof FOLLOW_UP_RESOLUTIONS)[number];

/** The transitions staff may make; reopening is reserved to a new low rating (`applyRatingToCase`). */
export const FOLLOW_UP_TRANSITIONS: Readonly<Record<FollowUpStatus, readonly FollowUpStatus[]>> = {
  open: ["contacted", "resolved"],
  contacted: ["resolved"],
  resolved: [],
};

/** What the follow-up queue decides for a (new or changed) rating of a response. */
export type CaseDecision = "open" | "close" | "reopen" | "keep" | "none";

export interface FollowUpPolicy {
  /** Ratings at or below this open a case (1..4 on a 1..5 scale). */
  threshold: number;
  /** Working days allowed to contact the requester before an open case is overdue. */
  workingDays: number;
  /** Extra non-working days, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = { threshold: 2, workingDays: 2, holidays: [] };

/** The actor recorded for changes the queue makes by itself. */
export const SYSTEM_ACTOR = "system";

export interface FollowUpNote {
  at: string;
  actor: string;
  text: string;
}

export interface FollowUpCase {
  id: string;
  /** The survey response whose rating opened the case; one case per response. */
  responseId: string;
  ticketId: string | null;
  service: string | null;
  /** The group that owns the service and works the case. */
  ownerGroup: string | null;
  /** The response's latest rating, 1..5. */
  rating: number;
  comment: string | null;
  status: FollowUpStatus;
  openedAt: string;
  dueAt: string;
  contactedAt: string | null;
  resolvedAt: string | null;
  resolution: FollowUpResolution | null;
  /** An initiative the case is linked to or was promoted into, `CSI-042`. */
  initiativeId: string | null;
  notes: FollowUpNote[];
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface NewFollowUpCase {
  id: string;
  responseId: string;
  rating: number;
  ticketId?: string | null;
  service?: string | null;
  ownerGroup?: string | null;
  comment?: string | null;
}

const NOTE_MAX_LENGTH = 5_000;

/** Decides what a rating means for a response's case: open a new one, close, reopen, keep it, or nothing. */
export function decideCaseOnRating(
  existing: Pick<FollowUpCase, "status"> | undefined,
  rating: number,
  threshold: number = DEFAULT_FOLLOW_UP_POLICY.threshold,
): CaseDecision {
  assertRating(rating);
  const low = rating <= threshold;
  if (existing === undefined) return low ? "open" : "none";
  if (existing.status === "resolved") return low ? "reopen" : "none";
  return low ? "keep" : "close";
}

/** Opens a case for a low rating, due `policy.workingDays` working days after `now`. */
export function openFollowUpCase(
  input: NewFollowUpCase,
  context: { now: string; policy?: FollowUpPolicy },
): FollowUpCase {
  const policy = context.policy ?? DEFAULT_FOLLOW_UP_POLICY;
  assertRating(input.rating);
  assertNow(context.now);
  if (input.rating > policy.threshold) {
    throw new DomainError(
      "validation",
      `A rating of ${input.rating} is above the threshold ${policy.threshold}`,
      {
        fields: [{ field: "rating", message: `must be at most ${policy.threshold} to open a follow-up` }],
      },
    );
  }
  return {
    id: input.id,
    responseId: input.responseId,
    ticketId: input.ticketId ?? null,
    service: input.service ?? null,
    ownerGroup: input.ownerGroup ?? null,
    rating: input.rating,
    comment: input.comment ?? null,
    status: "open",
    openedAt: context.now,
    dueAt: addWorkingDays(context.now, policy.workingDays, policy.holidays),
    contactedAt: null,
    resolvedAt: null,
    resolution: null,
    initiativeId: null,
    notes: [],
    version: 1,
    updatedAt: context.now,
    updatedBy: SYSTEM_ACTOR,
  };
}

/**
 * Brings an existing case up to date with the response's new rating: a rating above the threshold resolves an
 * open or contacted case (`rating-raised`), a low rating reopens a resolved one with a fresh deadline, and a
 * changed low rating is recorded; a rating that changes nothing returns the case itself.
 */
export function applyRatingToCase(
  followUp: FollowUpCase,
  rating: number,
  context: { now: string; policy?: FollowUpPolicy },
): FollowUpCase {
  const policy = context.policy ?? DEFAULT_FOLLOW_UP_POLICY;
  assertNow(context.now);
  const decision = decideCaseOnRating(followUp, rating, policy.threshold);
  const note = (text: string): FollowUpNote => ({ at: context.now, actor: SYSTEM_ACTOR, text });
  const touched = { version: followUp.version + 1, updatedAt: context.now, updatedBy: SYSTEM_ACTOR, rating };
  switch (decision) {
    case "close":
      return {
        ...followUp,
        ...touched,
        status: "resolved",
        resolvedAt: context.now,
        resolution: "rating-raised",
        notes: [...followUp.notes, note(`Rating raised to ${rating}; resolved automatically.`)],
      };
    case "reopen":
      return {
        ...followUp,
        ...touched,
        status: "open",
        dueAt: addWorkingDays(context.now, policy.workingDays, policy.holidays),
        contactedAt: null,
        resolvedAt: null,
        resolution: null,
        notes: [...followUp.notes, note(`Rating lowered to ${rating}; reopened.`)],
      };
    default:
      if (rating === followUp.rating) return followUp;
      return { ...followUp, ...touched, notes: [...followUp.notes, note(`Rating changed to ${rating}.`)] };
  }
}

/** The statuses a case in `status` may be moved to by staff. */
export function allowedFollowUpTransitions(status: FollowUpStatus): readonly FollowUpStatus[] {
  return FOLLOW_UP_TRANSITIONS[status] ?? [];
}

/**
 * Moves a case to `to` (contacted or resolved), with an optional note; refused steps throw `invalid-transition`
 * naming the allowed ones.
 */
export function transitionFollowUp(
  followUp: FollowUpCase,
  to: FollowUpStatus,
  context: { actor: string; now: string; note?: string; expectedVersion?: number },
): FollowUpCase {
  assertCaseVersion(followUp, context.expectedVersion);
  const allowed = allowedFollowUpTransitions(followUp.status);
  if (!allowed.includes(to)) {
    const choices = allowed.length > 0 ? allowed.join(", ") : "none, it is resolved";
    throw new DomainError(
      "invalid-transition",
      `Follow-up ${followUp.id} cannot move from ${followUp.status} to ${to}; allowed next: ${choices}`,
      { id: followUp.id, from: followUp.status, to, allowed: [...allowed] },
    );
  }
  const notes = context.note === undefined ? followUp.notes : [...followUp.notes, makeNote(context)];
  const next: FollowUpCase = {
    ...followUp,
    status: to,
    notes,
    version: followUp.version + 1,
    updatedAt: context.now,
    updatedBy: context.actor,
  };
  if (to === "contacted") next.contactedAt = context.now;
  if (to === "resolved") {
    next.resolvedAt = context.now;
    next.resolution = "handled";
  }
  return next;
}

/** Adds a note to a case, in any status. */
export function addFollowUpNote(
  followUp: FollowUpCase,
  context: { actor: string; now: string; note: string; expectedVersion?: number },
): FollowUpCase {
  assertCaseVersion(followUp, context.expectedVersion);
  return {
    ...followUp,
    notes: [...followUp.notes, makeNote(context)],
    version: followUp.version + 1,
    updatedAt: context.now,
    updatedBy: context.actor,
  };
}

/**
 * Tells whether a case is still open after its deadline: the deadline is for contacting the requester, so a
 * contacted case has met it and is never overdue, however long the fix then takes.
 */
export function isOverdue(followUp: Pick<FollowUpCase, "status" | "dueAt">, now: string): boolean {
  return followUp.status === "open" && Date.parse(now) > Date.parse(followUp.dueAt);
}

/** Links a case to an initiative (`CSI-042`), or unlinks it with null. */
export function linkCaseToInitiative(
  followUp: FollowUpCase,
  initiativeId: string | null,
  context: { actor: string; now: string; expectedVersion?: number },
): FollowUpCase {
  assertCaseVersion(followUp, context.expectedVersion);
  let id: string | null = null;
  if (initiativeId !== null) {
    const sequence = parseInitiativeId(initiativeId);
    if (sequence === null) {
      throw new DomainError("validation", `"${initiativeId}" is not an initiative id`, {
        fields: [{ field: "initiativeId", message: "must look like CSI-042" }],
      });
    }
    id = formatInitiativeId(sequence);
  }
  if (id === followUp.initiativeId) return followUp;
  return {
    ...followUp,
    initiativeId: id,
    version: followUp.version + 1,
    updatedAt: context.now,
    updatedBy: context.actor,
  };
}

/**
 * Seeds an initiative from a case: source survey-feedback, the case's service, its response linked, its comment as
 * the description. Effort defaults to 1 person-day as a placeholder to be estimated; `overrides` win.
 */
export function promoteCaseToInitiative(
  followUp: FollowUpCase,
  overrides: Partial<InitiativeInput> & { owner: string },
): InitiativeInput {
  const subject = followUp.service ?? "a low rating";
  const ticket = followUp.ticketId ? ` (${followUp.ticketId})` : "";
  return {
    title: `Improve ${subject} after a ${followUp.rating}-star rating${ticket}`.slice(0, 200),
    description: followUp.comment ?? "",
    source: "survey-feedback",
    services: followUp.service ? [followUp.service] : [],
    category: "process",
    effort: 1,
    linkedResponseIds: [followUp.responseId],
    notes: `Promoted from follow-up ${followUp.id}.`,
    ...overrides,
  };
}

function makeNote(context: { actor: string; now: string; note?: string }): FollowUpNote {
  const text = (context.note ?? "").trim();
  if (text === "" || text.length > NOTE_MAX_LENGTH) {
    throw new DomainError("validation", "A note must hold some text", {
      fields: [{ field: "note", message: `must be 1 to ${NOTE_MAX_LENGTH} characters` }],
    });
  }
  return { at: context.now, actor: context.actor, text };
}

function assertCaseVersion(followUp: FollowUpCase, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== followUp.version) {
    throw new DomainError(
      "version-conflict",
      `Follow-up ${followUp.id} was changed by someone else: you edited version ${expectedVersion}, it is now at version ${followUp.version}`,
      { id: followUp.id, currentVersion: followUp.version, expectedVersion },
    );
  }
}

function assertRating(rating: number): void {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new DomainError("validation", `A rating must be a whole number from 1 to 5, got ${rating}`, {
      fields: [{ field: "rating", message: "must be a whole number from 1 to 5" }],
    });
  }
}

function assertNow(now: string): void {
  if (!isIsoDateTime(now)) {
    throw new DomainError("validation", `now must be an ISO date-time, got ${now}`, {
      fields: [{ field: "now", message: "must be an ISO date-time" }],
    });
  }
}
