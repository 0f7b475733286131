import { DomainError } from "../../domain/errors.js";
import { decideRating, type RatingSubmission } from "../../domain/rating.js";
import type { Score, Survey } from "../../domain/survey.js";
import { followUpPolicyFor, planFollowUpOnRating } from "../follow-ups/follow-up-on-rating.js";
import type { OutboundQueue } from "../outbound/outbound-ports.js";
import {
  type Clock,
  type FollowUpRecord,
  type Log,
  type Metrics,
  type SettingsRepository,
  type SurveyRepository,
  silentLog,
  uncountedMetrics,
} from "../ports.js";
import { retryWhileContended, TRY_AGAIN } from "../retry-policy.js";
import { type FormNonces, hashLinkToken } from "./link-secrets.js";

/** What the survey page needs to show for a link. */
export interface SurveyView {
  survey: Survey;
  tokenHash: string;
  formNonce: string;
}

/** A survey resolved from its link for rating, with the follow-up case the rating's decision also depends on. */
export interface RatingView {
  survey: Survey;
  tokenHash: string;
  /** When this link closes. */
  expiresAt: string;
  followUp: FollowUpRecord | undefined;
}

/** What a posted rating did, and the survey as it now stands. */
export interface RatingResult {
  outcome: "recorded" | "withdrawn" | "ignored" | "already-recorded";
  survey: Survey;
  nextNonce: string;
  /** The score now on record is at or below the follow-up threshold, so its follow-up case is open. */
  followUp: boolean;
}

/** The requester's side of a survey: open the page, rate, change their mind, opt out. */
export function makeRespondToSurvey(deps: {
  surveys: Pick<
    SurveyRepository,
    "findToken" | "getSurvey" | "readForRating" | "saveResponse" | "optOut" | "optIn"
  >;
  settings: SettingsRepository;
  nonces: FormNonces;
  clock: Clock;
  log?: Log;
  metrics?: Metrics;
  /** Where a recorded rating is announced to the outbound function (webhooks, chat alerts); none: not announced. */
  outbound?: OutboundQueue | undefined;
}) {
  const { surveys, settings, nonces, clock } = deps;
  const log = deps.log ?? silentLog;
  const metrics = deps.metrics ?? uncountedMetrics;

  /** The link's token entry, or a failure as unknown (404). */
  async function tokenEntry(token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token))
      throw new DomainError("survey-not-found", "No survey has this link.");
    const tokenHash = hashLinkToken(token);
    const entry = await surveys.findToken(tokenHash);
    if (!entry) throw new DomainError("survey-not-found", "No survey has this link.");
    return { tokenHash, entry };
  }

  /** The survey behind an entry, or a failure as unknown (404) or expired (410). */
  function openSurvey(entry: { expiresAt: string }, survey: Survey | undefined): Survey {
    if (!survey) throw new DomainError("survey-not-found", "No survey has this link.");
    if (clock.now().getTime() >= Date.parse(entry.expiresAt)) {
      throw new DomainError("survey-expired", "This survey has closed.", {
        expiresAt: entry.expiresAt,
        survey,
      });
    }
    return survey;
  }

  /** Resolves a link token to its survey, or fails as unknown (404) or expired (410). */
  async function surveyForToken(token: string): Promise<{ survey: Survey; tokenHash: string }> {
    const { tokenHash, entry } = await tokenEntry(token);
    return { survey: openSurvey(entry, await surveys.getSurvey(entry.surveyId)), tokenHash };
  }

  /** Resolves a link token for rating: the token, then the survey and its case together in one read. */
  async function ratingViewFor(token: string): Promise<RatingView> {
    const { tokenHash, entry } = await tokenEntry(token);
    const read = await surveys.readForRating(entry.surveyId);
    return {
      survey: openSurvey(entry, read.survey),
      tokenHash,
      expiresAt: entry.expiresAt,
      followUp: read.followUp,
    };
  }

  return {
    /** Shows the survey behind a link; records nothing, since mail scanners follow every link. */
    async open(token: string): Promise<SurveyView> {
      const { survey, tokenHash } = await surveyForToken(token);
      return { survey, tokenHash, formNonce: nonces.issue(tokenHash, clock.now()) };
    },

    /** Records a rating posted from a page that was served for this link. */
    async rate(
      token: string,
      input: Omit<RatingSubmission, "at"> & { nonce: string },
      /** The survey as the caller just resolved it from this token (`ratingViewFor`), saving a read on the first try. */
      resolved?: RatingView,
    ): Promise<RatingResult> {
      let current = resolved ?? (await ratingViewFor(token));
      const { tokenHash } = current;
      const now = clock.now();
      const nonceId = nonces.verify(input.nonce, tokenHash, now);
      if (!nonceId) {
        throw new DomainError("invalid-nonce", "This form has expired; reload the page and rate again.", {
          fields: ["nonce"],
        });
      }
      const policy = await settings.getSurveyPolicy();
      let announce: { previousScore?: Score | undefined; followUp?: "opened" | "resolved" } | undefined;
      const result = await retryWhileContended<Omit<RatingResult, "followUp">>(
        async (tryNumber) => {
          // A token always names the same survey: a new try reads only the survey and its case again, in one request.
          if (tryNumber > 1) {
            const read = await surveys.readForRating(current.survey.surveyId);
            current = { ...current, survey: openSurvey(current, read.survey), followUp: read.followUp };
          }
          const { survey } = current;
          const decision = decideRating(survey, { ...input, at: now }, policy);
          const nextNonce = nonces.issue(tokenHash, now);
          if (decision.kind === "ignore") return { outcome: "ignored", survey, nextNonce };
          const scoreBefore: Score | undefined = survey.response?.score;
          // The case is read before the write and the write is conditioned on its version, like the survey itself.
          const followUp = planFollowUpOnRating({
            survey,
            existing: current.followUp,
            score: decision.response.score,
            comment: decision.response.comment,
            policy: followUpPolicyFor(policy.followUpThreshold),
            now: now.toISOString(),
          });
          const result = await surveys.saveResponse({
            survey,
            next: decision.response,
            nonceId,
            scoreBefore,
            scoreAfter: decision.response.score,
            followUp,
          });
          if (result.kind === "nonce-used") return { outcome: "already-recorded", survey, nextNonce };
          if (result.kind === "saved") {
            const saved = { ...survey, response: decision.response, version: survey.version + 1 };
            log.appendKeys({ surveyId: survey.surveyId, ticketId: survey.ticketId });
            if (decision.kind === "record") {
              // A case opened, reopened or closed by this rating is news; one it only updates is not.
              const wasOpen = current.followUp !== undefined && current.followUp.status !== "resolved";
              const isOpen = followUp ? followUp.next.status !== "resolved" : wasOpen;
              announce = {
                previousScore: scoreBefore,
                ...(isOpen === wasOpen ? {} : { followUp: isOpen ? "opened" : "resolved" }),
              };
              metrics.count("RatingsRecorded");
              log.info("Rating recorded", { score: decision.response.score ?? null });
            } else {
              log.info("Automatic ratings withdrawn as a scanner's");
            }
            return {
              outcome: decision.kind === "record" ? "recorded" : "withdrawn",
              survey: saved,
              nextNonce,
            };
          }
          // Another submission for this survey won the race: read it again and decide anew.
          return TRY_AGAIN;
        },
        { what: "The rating" },
      );
      // A low score opens its case, reopens it or keeps it open, in the same write as the rating.
      const score = result.survey.response?.score;
      // After the rating is stored: a lost hand-off loses the event, never the rating, and is logged to be replayed.
      if (announce && score && deps.outbound) {
        const message = {
          kind: "rating",
          surveyId: result.survey.surveyId,
          version: result.survey.version,
          score,
          ...announce,
        } as const;
        await deps.outbound
          .enqueue([message])
          .catch((error: unknown) =>
            log.error("Rating event not queued", { outboundMessage: message, error: String(error) }),
          );
      }
      return { ...result, followUp: score !== undefined && score <= policy.followUpThreshold };
    },

    /** Resolves a link for a rating: the survey and its follow-up case, read together. */
    ratingViewFor,

    /** Checks a link before showing the opt-out confirmation. */
    async surveyForToken(token: string) {
      return surveyForToken(token);
    },

    /** Stops all further surveys to the requester behind a link, for good. */
    async optOut(token: string): Promise<Survey> {
      const tokenHash = hashLinkToken(token);
      const entry = /^[A-Za-z0-9_-]{43}$/.test(token) ? await surveys.findToken(tokenHash) : undefined;
      const survey = entry ? await surveys.getSurvey(entry.surveyId) : undefined;
      // An expired link still unsubscribes: the footer link must work for as long as the email exists.
      if (!survey) throw new DomainError("survey-not-found", "No survey has this link.");
      if (survey.requester.key) await surveys.optOut(survey.requester.key, clock.now().toISOString());
      return survey;
    },

    /** Undoes an opt-out from the same link: the requester may be surveyed again under the usual throttle. */
    async optIn(token: string): Promise<Survey> {
      const tokenHash = hashLinkToken(token);
      const entry = /^[A-Za-z0-9_-]{43}$/.test(token) ? await surveys.findToken(tokenHash) : undefined;
      const survey = entry ? await surveys.getSurvey(entry.surveyId) : undefined;
      if (!survey) throw new DomainError("survey-not-found", "No survey has this link.");
      if (survey.requester.key) await surveys.optIn(survey.requester.key, clock.now().toISOString());
      return survey;
    },

    issueNonce(tokenHash: string) {
      return nonces.issue(tokenHash, clock.now());
    },
  };
}

export type RespondToSurvey = ReturnType<typeof makeRespondToSurvey>;
