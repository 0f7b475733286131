import type { SettingsRepository } from "../../app/ports.js";
import type { SurveyPolicy } from "../../domain/survey-policy.js";
import { route } from "../contract/mount.js";
import { surveySettingsContracts as contracts } from "../contracts/survey-settings.js";

/** Reading and changing the survey policy. */
export function surveySettingsRoutes(deps: {
  settings: SettingsRepository & { saveSurveyPolicy(policy: SurveyPolicy): Promise<void> };
}) {
  const { settings } = deps;
  return [
    route(contracts.readSurveyPolicy).handle(async () => ({
      status: 200,
      body: await settings.getSurveyPolicy(),
    })),

    route(contracts.updateSurveyPolicy).handle(async ({ body }) => {
      await settings.saveSurveyPolicy(body);
      return { status: 200, body };
    }),
  ];
}
