import type { Config } from "../config.js";
import type { SurveyPolicy } from "../domain/survey-policy.js";

/** The survey policy that applies until a head changes it, from the configuration. */
export function policyDefaults(config: Config): SurveyPolicy {
  return {
    throttleDays: config.SURVEY_THROTTLE_DAYS,
    sampleRate: config.SURVEY_SAMPLE_RATE,
    expiryDays: config.SURVEY_EXPIRY_DAYS,
    scannerWindowSeconds: config.SURVEY_SCANNER_WINDOW_SECONDS,
    followUpThreshold: config.FOLLOW_UP_THRESHOLD,
  };
}
