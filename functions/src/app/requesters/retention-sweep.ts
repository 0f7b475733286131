import type { Clock, PersonalDataRepository } from "../ports.js";

/**
 * Removes the personal data of surveys resolved longer ago than the retention period (address, name, requester key,
 * comment), the bodies of the webhook deliveries about them, and deletes their follow-up cases; the surveys and their counted scores stay, so the trends do not move.
 */
export function makeRetentionSweep(deps: {
  personalData: PersonalDataRepository;
  clock: Clock;
  retentionDays: number;
}) {
  return async function sweepExpiredPersonalData(): Promise<{ surveys: number; resolvedBefore: string }> {
    const resolvedBefore = new Date(
      deps.clock.now().getTime() - deps.retentionDays * 86_400_000,
    ).toISOString();
    const surveys = await deps.personalData.surveysWithPersonalDataBefore(resolvedBefore);
    const at = deps.clock.now().toISOString();
    for (const survey of surveys) {
      // A delivery logged after a late rating may still hold the comment: its body goes too, not only at its TTL.
      await deps.personalData.anonymiseSurvey(survey, at);
      await deps.personalData.deleteFollowUp(survey.surveyId);
    }
    return { surveys: surveys.length, resolvedBefore };
  };
}

export type RetentionSweep = ReturnType<typeof makeRetentionSweep>;
