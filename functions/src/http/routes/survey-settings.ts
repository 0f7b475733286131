import type { SettingsRepository } from "../../app/ports.js";
import type { SurveyPolicy } from "../../domain/survey-policy.js";
import type { Handlers } from "../contract/mount.js";
import type { surveySettingsContracts as contracts } from "../contracts/survey-settings.js";

/** Reading and changing the survey policy. */
export function surveySettingsHandlers(deps: {
  settings: SettingsRepository & { saveSurveyPolicy(policy: SurveyPolicy): Promise<void> };
}): Handlers<typeof contracts> {
  const { settings } = deps;
  return {
    readSurveyPolicy: async () => ({
      status: 200,
      body: await settings.getSurveyPolicy(),
    }),

    updateSurveyPolicy: async ({ body }) => {
      await settings.saveSurveyPolicy(body);
      return { status: 200, body };
    },
  };
}
