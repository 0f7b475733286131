import { addDays, localDay } from "../../domain/calendar.js";
import type { Clock, SurveyRepository } from "../ports.js";
import { retryWhileContended, TRY_AGAIN } from "../retry-policy.js";
import { hashLinkToken, newLinkToken } from "./link-secrets.js";
import { makeSurveyMail, type SurveyMailDeps } from "./survey-mail.js";

export interface ReminderPolicy {
  /** Days after the invitation that the one reminder goes out. */
  afterDays: number;
  /** Days a missed run is caught up on. */
  catchUpDays: number;
  /** No reminder when the link closes sooner than this. */
  minimumOpenHours: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { afterDays: 3, catchUpDays: 3, minimumOpenHours: 24 };

/** Sends one reminder to each requester who has not answered some days after their invitation, with a fresh link. */
export function makeSendReminders(
  deps: SurveyMailDeps & { surveys: SurveyRepository; clock: Clock; policy?: ReminderPolicy },
) {
  const { surveys, clock } = deps;
  const policy = deps.policy ?? DEFAULT_REMINDER_POLICY;
  const mailSurveyLink = makeSurveyMail(deps);

  return async function sendReminders(): Promise<{ sent: number; skipped: number; failed: number }> {
    const today = localDay(clock.now(), deps.timeZone);
    const newest = addDays(today, -policy.afterDays);
    const result = { sent: 0, skipped: 0, failed: 0 };
    for (let back = policy.catchUpDays; back >= 0; back--) {
      for (const surveyId of await surveys.listAwaitingReminder(addDays(newest, -back))) {
        const survey = await surveys.getSurvey(surveyId);
        const now = clock.now();
        const openHours = survey?.expiresAt ? (Date.parse(survey.expiresAt) - now.getTime()) / 3_600_000 : 0;
        const profile = survey?.requester.key
          ? await surveys.getRequesterProfile(survey.requester.key)
          : undefined;
        if (
          !survey?.expiresAt ||
          survey.response?.score ||
          openHours < policy.minimumOpenHours ||
          profile?.optedOut ||
          profile?.undeliverable
        ) {
          result.skipped += 1;
          continue;
        }
        const token = newLinkToken();
        const expiresAt = survey.expiresAt;
        const claim = await retryWhileContended(
          async () => {
            const outcome = await surveys.claimReminder({
              surveyId,
              tokenHash: hashLinkToken(token),
              expiresAt,
              at: now.toISOString(),
            });
            return outcome === "contended" ? TRY_AGAIN : outcome;
          },
          { what: "Claiming the reminder" },
        );
        if (claim === "refused") {
          result.skipped += 1;
          continue;
        }
        try {
          await mailSurveyLink({ ...survey, expiresAt: survey.expiresAt }, token, "reminder");
          result.sent += 1;
        } catch (error) {
          // The reminder is claimed either way: a requester gets at most one, even if this one was lost.
          console.error(
            JSON.stringify({ level: "error", message: "Reminder not sent", surveyId, error: String(error) }),
          );
          result.failed += 1;
        }
      }
    }
    return result;
  };
}

export type SendReminders = ReturnType<typeof makeSendReminders>;
