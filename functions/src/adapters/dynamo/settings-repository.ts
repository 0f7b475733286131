import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SettingsRepository } from "../../app/ports.js";
import { type SurveyPolicy, validatePolicy } from "../../domain/survey-policy.js";
import { settingsKey } from "./keys.js";
import { TABLE } from "./table.js";

// Settings change rarely; a warm function re-reads them at most this often.
const CACHE_MS = 30_000;

/** The stored survey policy over the deployment's defaults, read at most every CACHE_MS. */
function cachedSurveyPolicy(
  db: DynamoDBDocumentClient,
  tableName: string,
  defaults: SurveyPolicy,
  clock: () => number,
) {
  let cached: { policy: SurveyPolicy; at: number } | undefined;
  return {
    async getSurveyPolicy() {
      if (cached && clock() - cached.at < CACHE_MS) return cached.policy;
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: settingsKey("survey-policy") }),
      );
      const policy = { ...defaults, ...((Item?.policy as Partial<SurveyPolicy> | undefined) ?? {}) };
      cached = { policy, at: clock() };
      return policy;
    },
    remember(policy: SurveyPolicy) {
      cached = { policy, at: clock() };
    },
  };
}

/**
 * The organisation's settings as intake and the requester pages read them: all of the settings that the public
 * function builds, so it carries none of the checks of a head's change.
 */
export function makeDynamoSettingsReader(
  db: DynamoDBDocumentClient,
  tableName: string,
  defaults: SurveyPolicy,
  clock: () => number = Date.now,
): SettingsRepository {
  const { getSurveyPolicy } = cachedSurveyPolicy(db, tableName, defaults, clock);
  return { getSurveyPolicy };
}

/** The organisation's settings, stored as one item each, falling back to the deployment's defaults. */
export function makeDynamoSettingsRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
  defaults: SurveyPolicy,
  clock: () => number = Date.now,
): SettingsRepository & { saveSurveyPolicy(policy: SurveyPolicy): Promise<void> } {
  const surveyPolicy = cachedSurveyPolicy(db, tableName, defaults, clock);
  return {
    getSurveyPolicy: surveyPolicy.getSurveyPolicy,
    async saveSurveyPolicy(policy) {
      validatePolicy(policy);
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...settingsKey("survey-policy"), [TABLE.entityType]: "settings", policy },
        }),
      );
      surveyPolicy.remember(policy);
    },
  };
}
