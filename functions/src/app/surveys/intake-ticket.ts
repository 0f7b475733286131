import { localDay } from "../../domain/calendar.js";
import { decideRedelivery } from "../../domain/redelivery.js";
import { dimensionsOf, type ResolvedTicket, type SkipReason, type Survey } from "../../domain/survey.js";
import { decideInvitation, refuseFutureResolution } from "../../domain/survey-policy.js";
import { pickLocale } from "../../i18n/locale.js";
import {
  type Clock,
  type Log,
  type MailQueue,
  type Metrics,
  type SettingsRepository,
  type SurveyRepository,
  silentLog,
  uncountedMetrics,
} from "../ports.js";
import { retryWhileContended, TRY_AGAIN } from "../retry-policy.js";
import { newId, requesterKeyOf, stableDraw } from "./link-secrets.js";

export interface IntakeResult {
  surveyId: string;
  status: "invited" | "skipped";
  reason?: SkipReason | undefined;
}

/** Turns a resolved ticket into a survey: invited or skipped with its reason, once per source and ticket. */
export function makeIntakeTicket(deps: {
  surveys: Pick<
    SurveyRepository,
    "findByTicket" | "getSurvey" | "getRequesterProfile" | "createSurvey" | "reviseSurvey"
  >;
  settings: SettingsRepository;
  mailQueue: MailQueue;
  clock: Clock;
  timeZone: string;
  log?: Log;
  metrics?: Metrics;
}) {
  const { surveys, settings, mailQueue, clock, timeZone } = deps;
  const log = deps.log ?? silentLog;
  const metrics = deps.metrics ?? uncountedMetrics;

  const answer = (survey: Survey): IntakeResult => ({
    surveyId: survey.surveyId,
    status: survey.status,
    reason: survey.skipReason,
  });

  // The survey is stored by then: a failed enqueue leaves its invitation pending, and the sweep (or the ITSM tool's
  // retried delivery) queues it, so the intake still answers 202.
  const enqueueInvitation = async (surveyId: string) => {
    try {
      await mailQueue.enqueue([{ kind: "invitation", surveyId }]);
    } catch (error) {
      log.error("Invitation not queued; the sweep will queue it", {
        surveyId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  // The survey follows the ticket, decided again from a fresh read whenever the survey or its invitation moved meanwhile.
  const revise = (first: Survey, ticket: ResolvedTicket) =>
    retryWhileContended(
      async (tryNumber) => {
        const survey = tryNumber === 1 ? first : await surveys.getSurvey(first.surveyId);
        const change = survey && decideRedelivery(survey, ticket, clock.now());
        if (!survey || change?.kind !== "revise") return survey ?? first;
        const { dimensions, moved, lastResolvedAt } = change;
        // An invitation being sent counts where its mailer read the survey: the move waits until it is recorded.
        if (moved && survey.invitation?.state === "sending") return TRY_AGAIN;
        if ((await surveys.reviseSurvey({ survey, dimensions, lastResolvedAt })) === "conflict")
          return TRY_AGAIN;
        log.info("Survey revised", { moved });
        return { ...survey, dimensions, lastResolvedAt, version: survey.version + 1 };
      },
      { what: `Revising the survey of ${ticket.source}/${ticket.ticketId}` },
    );

  return async function intakeTicket(delivered: ResolvedTicket): Promise<IntakeResult> {
    refuseFutureResolution(delivered.resolvedAt, clock.now());
    // `FEAT` and `feat` name the same ticket source.
    const ticket = { ...delivered, source: delivered.source.toLowerCase() };
    log.appendKeys({ ticketId: ticket.ticketId });
    // Surveys stored before sources were normalised are keyed by the spelling they arrived with.
    const existing =
      (await surveys.findByTicket(ticket.source, ticket.ticketId)) ??
      (delivered.source === ticket.source
        ? undefined
        : await surveys.findByTicket(delivered.source, ticket.ticketId));
    const change = existing ? decideRedelivery(existing, ticket, clock.now()) : undefined;
    if (existing && change?.kind !== "reopen") {
      log.appendKeys({ surveyId: existing.surveyId });
      const current = change?.kind === "revise" ? await revise(existing, ticket) : existing;
      // A retried delivery may follow an intake that stored the survey but failed to hand it to the mailer.
      if (current.invitation?.state === "pending") await enqueueInvitation(current.surveyId);
      return answer(current);
    }
    const policy = await settings.getSurveyPolicy();
    const email = ticket.requester.email?.trim();
    const requesterKey = email ? requesterKeyOf(email) : undefined;

    return retryWhileContended(
      async () => {
        const now = clock.now();
        const profile = requesterKey ? await surveys.getRequesterProfile(requesterKey) : { optedOut: false };
        const decision = decideInvitation({
          ticket,
          profile,
          policy,
          now,
          sampleDraw: stableDraw(`${ticket.source}\u0000${ticket.ticketId}`),
        });
        const survey: Survey = {
          surveyId: newId(now),
          source: ticket.source,
          ticketId: ticket.ticketId,
          title: ticket.title,
          ticketUrl: ticket.ticketUrl,
          resolvedAt: new Date(ticket.resolvedAt).toISOString(),
          day: localDay(new Date(ticket.resolvedAt), timeZone),
          requester: {
            email,
            name: ticket.requester.name,
            locale: pickLocale(ticket.requester.locale),
            key: requesterKey,
          },
          dimensions: dimensionsOf(ticket),
          status: decision.kind === "invite" ? "invited" : "skipped",
          skipReason: decision.kind === "skip" ? decision.reason : undefined,
          createdAt: now.toISOString(),
          expiresAt: decision.kind === "invite" ? decision.expiresAt : undefined,
          invitation: decision.kind === "invite" ? { state: "pending" } : undefined,
          version: 0,
        };
        const result = await surveys.createSurvey({
          survey,
          seenLastInvitedAt: profile.lastInvitedAt,
          replacing: existing?.surveyId,
        });
        if (result.kind === "duplicate") return answer(result.existing);
        if (result.kind === "retry") return TRY_AGAIN;
        log.appendKeys({ surveyId: survey.surveyId });
        if (survey.status === "invited") await enqueueInvitation(survey.surveyId);
        if (survey.skipReason) {
          // Counted once, when the survey is stored: a retried delivery answers from the stored survey above.
          metrics.count("SurveysSkipped", 1, { reason: survey.skipReason });
          log.info("Survey skipped", { source: ticket.source, reason: survey.skipReason });
        } else {
          log.info("Survey created", { source: ticket.source });
        }
        return answer(survey);
      },
      { what: `Storing the survey for ${ticket.source}/${ticket.ticketId}` },
    );
  };
}

export type IntakeTicket = ReturnType<typeof makeIntakeTicket>;
