import { DomainError } from "./errors.js";
import type { RecordedResponse, Score, SubmissionMode, Survey } from "./survey.js";

/** A requester's rating as posted from the survey page. */
export interface RatingSubmission {
  score: Score;
  comment?: string | undefined;
  reasons: string[];
  mode: SubmissionMode;
  at: Date;
}

/**
 * What a submission does to the stored response:
 * - `record`: the response becomes `response` (a first rating or a change of mind);
 * - `withdraw`: automatic confirmations of different scores arrived within seconds, as when a mail scanner opens every
 *   link; the automatic rating is taken back until the requester confirms one deliberately;
 * - `ignore`: a scanner-like confirmation that must not overwrite the requester's deliberate choice.
 */
export type RatingDecision =
  | { kind: "record"; response: RecordedResponse }
  | { kind: "withdraw"; response: RecordedResponse }
  | { kind: "ignore"; reason: "scanner-burst" };

export const MAX_COMMENT_LENGTH = 2000;

/** Decides how a submission changes the survey's response, guarding the survey's own rules. */
export function decideRating(
  survey: Survey,
  submission: RatingSubmission,
  options: { scannerWindowSeconds: number },
): RatingDecision {
  if (survey.status !== "invited") throw new DomainError("survey-not-open", "This survey was never sent.");
  if (survey.expiresAt && submission.at.getTime() >= Date.parse(survey.expiresAt)) {
    throw new DomainError("survey-expired", "This survey has closed.", { expiresAt: survey.expiresAt });
  }
  if ((submission.comment?.length ?? 0) > MAX_COMMENT_LENGTH) {
    throw new DomainError("validation", `comment is longer than ${MAX_COMMENT_LENGTH} characters`, {
      fields: ["comment"],
    });
  }
  const existing = survey.response;
  const at = submission.at.toISOString();
  const windowMs = options.scannerWindowSeconds * 1000;
  const recentAutoHits = (existing?.autoHits ?? []).filter(
    (hit) => submission.at.getTime() - Date.parse(hit.at) < windowMs,
  );
  const comment = submission.comment?.trim() ? submission.comment.trim() : undefined;
  // A change of mind is a recorded score replaced by a different one.
  const changes =
    (existing?.changes ?? 0) + (existing?.score !== undefined && existing.score !== submission.score ? 1 : 0);

  if (submission.mode === "deliberate") {
    return {
      kind: "record",
      response: {
        score: submission.score,
        comment,
        reasons: [...new Set(submission.reasons)],
        mode: "deliberate",
        respondedAt: at,
        autoHits: recentAutoHits,
        changes,
      },
    };
  }

  const autoHits = [...recentAutoHits, { score: submission.score, at }];
  if (existing?.mode === "deliberate" && existing.score !== undefined) {
    const sinceDeliberate = submission.at.getTime() - Date.parse(existing.respondedAt);
    if (sinceDeliberate < windowMs && existing.score !== submission.score) {
      return { kind: "ignore", reason: "scanner-burst" };
    }
  }
  const burst = recentAutoHits.some((hit) => hit.score !== submission.score);
  if (burst) {
    if (existing?.mode === "deliberate" && existing.score !== undefined)
      return { kind: "ignore", reason: "scanner-burst" };
    return {
      kind: "withdraw",
      response: {
        score: undefined,
        comment: existing?.comment,
        reasons: existing?.reasons ?? [],
        mode: "auto",
        respondedAt: existing?.respondedAt ?? at,
        autoHits,
        changes: existing?.changes ?? 0,
      },
    };
  }
  return {
    kind: "record",
    response: {
      score: submission.score,
      // An automatic confirmation carries no text of its own; keep what the requester wrote before.
      comment: comment ?? existing?.comment,
      reasons: submission.reasons.length > 0 ? [...new Set(submission.reasons)] : (existing?.reasons ?? []),
      mode: "auto",
      respondedAt: at,
      autoHits,
      changes,
    },
  };
}
