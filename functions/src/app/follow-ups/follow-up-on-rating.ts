import {
  applyRatingToCase,
  DEFAULT_FOLLOW_UP_POLICY,
  decideCaseOnRating,
  type FollowUpPolicy,
  openFollowUpCase,
  SYSTEM_ACTOR,
} from "../../domain/follow-ups/follow-up-case.js";
import type { Score, Survey } from "../../domain/survey.js";
import type { FollowUpRecord } from "../ports.js";

/** The follow-up policy with the survey policy's threshold. */
export function followUpPolicyFor(threshold: number): FollowUpPolicy {
  return { ...DEFAULT_FOLLOW_UP_POLICY, threshold };
}

/**
 * What a rating does to the response's follow-up case, as a write for the rating's own transaction: open a case
 * for a low rating, close an open one when the rating rises above the threshold, reopen or update it otherwise;
 * undefined when nothing changes.
 */
export function planFollowUpOnRating(input: {
  survey: Survey;
  existing: FollowUpRecord | undefined;
  score: Score | undefined;
  comment: string | undefined;
  policy: FollowUpPolicy;
  now: string;
}): { next: FollowUpRecord; expectedVersion: number | undefined } | undefined {
  const { survey, existing, score, policy, now } = input;
  // A rating taken back (a scanner burst) says nothing new about the requester's experience.
  if (score === undefined) return undefined;
  const comment = input.comment ?? null;
  if (existing === undefined) {
    if (decideCaseOnRating(undefined, score, policy.threshold) !== "open") return undefined;
    const opened = openFollowUpCase(
      {
        id: survey.surveyId,
        responseId: survey.surveyId,
        rating: score,
        ticketId: survey.ticketId,
        service: survey.dimensions.service ?? null,
        ownerGroup: survey.dimensions.assignmentGroup ?? null,
        comment,
      },
      { now, policy },
    );
    return {
      next: {
        ...opened,
        requesterName: survey.requester.name ?? null,
        requesterEmail: survey.requester.email ?? null,
        ticketTitle: survey.title,
        ticketUrl: survey.ticketUrl ?? null,
      },
      expectedVersion: undefined,
    };
  }
  const applied = applyRatingToCase(existing, score, { now, policy });
  if (applied === existing && existing.comment === comment) return undefined;
  const next: FollowUpRecord =
    applied === existing
      ? { ...existing, comment, version: existing.version + 1, updatedAt: now, updatedBy: SYSTEM_ACTOR }
      : { ...existing, ...applied, comment };
  return { next, expectedVersion: existing.version };
}
