import { DomainError } from "../errors.js";
import { hasRole, type Role } from "../roles.js";
import {
  type ClosureCode,
  type InitiativeStatus,
  isOneOf,
  OPEN_STATUSES,
  type OpenStatus,
  REASONED_STATUSES,
} from "./fields.js";
import type { ImpactReview } from "./impact-review.js";
import {
  assertVersion,
  type BenefitAssessment,
  benefitErrors,
  type FieldError,
  fieldsOf,
  type HistoryEntry,
  type Initiative,
  type InitiativeFields,
  isDeepEqual,
  proposedClosureCode,
  throwIfInvalid,
  unfinishedTasks,
} from "./initiative.js";
import { addCalendarDays, isIsoDate, utcDayOf } from "./iso-dates.js";

/** Where every open status may also go: a pause or a stop. */
const PAUSE_OR_STOP = ["on-hold", "cancelled"] as const;

/**
 * The CSI workflow. The main line runs proposed -> approved -> planned -> in-progress -> implemented -> reviewed
 * -> closed. An initiative still being decided on (proposed or approved) may be rejected, which is final, or
 * deferred, which parks it; a deferred initiative can only come back as `proposed`, because the reasons it was
 * approved may no longer hold and it should be decided on afresh. Once work is planned, the way out is through
 * implementation and review, so that every started initiative ends with a recorded benefit verdict. Any open
 * initiative may be put on hold, and resumes to the status it was held from (`allowedTransitions` narrows the
 * table's row to that one), or be cancelled, which is final; both need a reason.
 */
export const TRANSITIONS: Readonly<Record<InitiativeStatus, readonly InitiativeStatus[]>> = {
  proposed: ["approved", "rejected", "deferred", ...PAUSE_OR_STOP],
  approved: ["planned", "rejected", "deferred", ...PAUSE_OR_STOP],
  planned: ["in-progress", ...PAUSE_OR_STOP],
  "in-progress": ["implemented", ...PAUSE_OR_STOP],
  implemented: ["reviewed", ...PAUSE_OR_STOP],
  reviewed: ["closed", ...PAUSE_OR_STOP],
  closed: [],
  rejected: [],
  deferred: ["proposed", ...PAUSE_OR_STOP],
  "on-hold": [...OPEN_STATUSES, "cancelled"],
  cancelled: [],
};

/** What a transition may need besides the target status. */
export interface TransitionOptions {
  actor: string;
  now: string;
  /** Required to reject, defer, hold or cancel; kept on the status history entry of any transition. */
  reason?: string;
  /** How a close ended; absent, the benefit verdict proposes it. A cancellation is always `withdrawn`. */
  closureCode?: ClosureCode;
  /** The go-live day (`YYYY-MM-DD`), required to move to `implemented`. */
  goLive?: string;
  /** The benefit verdict, required to move to `reviewed` unless the impact review proposes one; `not-realised` needs a reason. */
  benefit?: BenefitAssessment;
  /** The impact verdict at review time; kept in the history and, without a `benefit`, proposes its outcome. */
  impact?: ImpactReview | null;
  /** When given, the transition is refused with `version-conflict` unless it matches the current version. */
  expectedVersion?: number;
  /** The mover's role; with `approvalThreshold`, only a head approves a costlier or unestimated initiative. */
  actorRole?: Role;
  approvalThreshold?: number | null;
}

/** Tells whether approving an initiative takes a head: its estimate is above the threshold, or missing. */
export function needsHeadApproval(
  initiative: Pick<Initiative, "estimatedCost">,
  threshold: number | null | undefined,
): boolean {
  if (threshold === null || threshold === undefined) return false;
  return initiative.estimatedCost === null || initiative.estimatedCost > threshold;
}

/**
 * The statuses an initiative in `status` may move to next; an on-hold one, given the status it was held from
 * (`heldFrom`), may only resume to that one or be cancelled.
 */
export function allowedTransitions(
  status: InitiativeStatus,
  heldFrom?: OpenStatus | null,
): readonly InitiativeStatus[] {
  if (status === "on-hold" && isOneOf(OPEN_STATUSES, heldFrom)) return [heldFrom, "cancelled"];
  return TRANSITIONS[status] ?? [];
}

/** The lowest staff role that may move an initiative along the workflow. */
export const TRANSITION_ROLE = "manager" satisfies Role;

/**
 * The statuses a staff member of `role` may move an initiative to next: none below the transition role. Approving
 * above the cost threshold may still take a head (`approval-required`), which the transition itself decides.
 */
export function nextStatusesFor(
  initiative: Pick<Initiative, "status" | "heldFrom">,
  role: Role,
): readonly InitiativeStatus[] {
  return hasRole(role, TRANSITION_ROLE) ? allowedTransitions(initiative.status, initiative.heldFrom) : [];
}

/** Tells whether the workflow allows moving from one status to another. */
export function canTransition(
  from: InitiativeStatus,
  to: InitiativeStatus,
  heldFrom?: OpenStatus | null,
): boolean {
  return allowedTransitions(from, heldFrom).includes(to);
}

/**
 * Moves an initiative to `to`, setting the dates the step implies and appending history; throws
 * `invalid-transition` (with `details.allowed`) for a step the workflow refuses and `validation` for a missing
 * reason, go-live or benefit.
 */
export function transition(
  initiative: Initiative,
  to: InitiativeStatus,
  options: TransitionOptions,
): Initiative {
  if (options.expectedVersion !== undefined) assertVersion(initiative, options.expectedVersion);
  const from = initiative.status;
  const allowed = allowedTransitions(from, initiative.heldFrom);
  if (!allowed.includes(to)) {
    const choices = allowed.length > 0 ? allowed.join(", ") : "none, it is final";
    throw new DomainError(
      "invalid-transition",
      `${initiative.id} cannot move from ${from} to ${to}; allowed next: ${choices}`,
      { id: initiative.id, from, to, allowed: [...allowed] },
    );
  }

  // Resuming an approved initiative from hold is no new approval.
  if (
    to === "approved" &&
    from !== "on-hold" &&
    options.actorRole !== "head" &&
    needsHeadApproval(initiative, options.approvalThreshold)
  ) {
    const cost =
      initiative.estimatedCost === null
        ? "has no cost estimate"
        : `is estimated at ${initiative.estimatedCost}`;
    throw new DomainError(
      "approval-required",
      `${initiative.id} ${cost}, and above ${options.approvalThreshold} only a head approves it`,
      {
        id: initiative.id,
        estimatedCost: initiative.estimatedCost,
        approvalThreshold: options.approvalThreshold,
      },
    );
  }
  const reason = options.reason?.trim() || undefined;
  const errors: FieldError[] = [];
  const next: InitiativeFields = { ...fieldsOf(initiative), status: to };
  if (options.closureCode !== undefined && to !== "closed" && to !== "cancelled") {
    errors.push({ field: "closureCode", message: "is given only to close or cancel an initiative" });
  }
  if (REASONED_STATUSES.includes(to) && !reason) {
    errors.push({ field: "reason", message: `is required to move to ${to}` });
  }
  // Resuming from hold takes the initiative back where it was, with the dates that stage already has.
  const resuming = from === "on-hold" && to !== "cancelled";
  if (resuming) {
    next.heldFrom = null;
    next.statusReason = to === "deferred" ? (reason ?? null) : null;
  } else
    switch (to) {
      case "proposed":
        next.statusReason = null;
        next.approvedAt = null;
        break;
      case "approved":
        next.approvedAt = options.now;
        break;
      case "planned":
        break;
      case "in-progress":
        next.startedAt = options.now;
        break;
      case "implemented":
        errors.push(...goLiveErrors(options.goLive, options.now));
        next.implementedAt = options.goLive ?? null;
        break;
      case "reviewed": {
        const proposed = options.impact?.proposedOutcome;
        const benefit = options.benefit
          ? { outcome: options.benefit.outcome, reason: options.benefit.reason?.trim() || reason || null }
          : proposed
            ? {
                outcome: proposed,
                reason: reason ?? `Impact verdict: ${options.impact?.verdict} (${options.impact?.method})`,
              }
            : undefined;
        if (benefit === undefined)
          errors.push({ field: "benefit", message: "a benefit assessment is required" });
        else errors.push(...benefitErrors(benefit, "benefit"));
        next.benefitRealised = benefit ?? null;
        next.reviewedAt = options.now;
        break;
      }
      case "closed": {
        next.closedAt = options.now;
        const unfinished = unfinishedTasks(initiative.tasks);
        if (unfinished.length > 0) {
          const titles = unfinished.map((task) => `"${task.title}"`).join(", ");
          errors.push({
            field: "tasks",
            message: `must all be done or cancelled to close; still open: ${titles}`,
          });
        }
        next.closureCode = options.closureCode ?? proposedClosureCode("closed", initiative.benefitRealised);
        if (next.closureCode === null)
          errors.push({ field: "closureCode", message: "is required to close an initiative" });
        break;
      }
      case "on-hold":
        next.heldFrom = from as OpenStatus;
        next.statusReason = reason ?? null;
        break;
      case "cancelled":
        if (options.closureCode !== undefined && options.closureCode !== "withdrawn") {
          errors.push({ field: "closureCode", message: "a cancelled initiative is withdrawn" });
        }
        next.statusReason = reason ?? null;
        next.heldFrom = null;
        next.closureCode = "withdrawn";
        next.closedAt = options.now;
        break;
      case "rejected":
      case "deferred":
        next.statusReason = reason ?? null;
        if (to === "rejected") next.closedAt = options.now;
        break;
    }
  throwIfInvalid(errors, `${initiative.id} cannot move to ${to}`);

  const history: HistoryEntry[] = [];
  const changes: Array<keyof InitiativeFields> = [
    "status",
    "statusReason",
    "approvedAt",
    "startedAt",
    "implementedAt",
    "reviewedAt",
    "closedAt",
    "heldFrom",
    "closureCode",
    "benefitRealised",
  ];
  for (const field of changes) {
    const before = initiative[field];
    const after = next[field];
    if (field !== "status" && isDeepEqual(before, after)) continue;
    const entry: HistoryEntry = { at: options.now, actor: options.actor, field, from: before, to: after };
    if (field === "status" && reason) entry.reason = reason;
    history.push(entry);
  }
  if (to === "reviewed" && options.impact && !resuming) {
    history.push({
      at: options.now,
      actor: options.actor,
      field: "impactReview",
      from: null,
      to: options.impact,
    });
  }
  return {
    ...initiative,
    ...next,
    version: initiative.version + 1,
    updatedAt: options.now,
    updatedBy: options.actor,
    history: [...initiative.history, ...history],
  };
}

function goLiveErrors(goLive: string | undefined, now: string): FieldError[] {
  if (goLive === undefined || goLive === "") {
    return [{ field: "goLive", message: "the go-live date is required to mark an initiative implemented" }];
  }
  if (!isIsoDate(goLive)) return [{ field: "goLive", message: "must be a date (YYYY-MM-DD)" }];
  // One day of slack, because a go-live that is already "today" in Warsaw can still be "tomorrow" in UTC.
  if (goLive > addCalendarDays(utcDayOf(now), 1)) {
    return [{ field: "goLive", message: "cannot be in the future: record implemented once it went live" }];
  }
  return [];
}
