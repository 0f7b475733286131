import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PrioritySettingsRepository } from "../../app/ports.js";
import { DEFAULT_PRIORITY_SETTINGS, type PrioritySettings } from "../../domain/initiatives/priority.js";
import { settingsKey } from "./keys.js";
import { TABLE } from "./table.js";

const NAME = "priority";

/** The backlog's scoring settings as one settings item; read on every ranking so a new weight counts at once. */
export function makeDynamoPrioritySettingsRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): PrioritySettingsRepository {
  return {
    async get() {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: settingsKey(NAME), ConsistentRead: true }),
      );
      const stored = Item?.settings as Partial<PrioritySettings> | undefined;
      return {
        model: stored?.model ?? DEFAULT_PRIORITY_SETTINGS.model,
        weights: { ...DEFAULT_PRIORITY_SETTINGS.weights, ...(stored?.weights ?? {}) },
        serviceWeights: { ...(stored?.serviceWeights ?? DEFAULT_PRIORITY_SETTINGS.serviceWeights) },
        staleAfterDays: stored?.staleAfterDays ?? DEFAULT_PRIORITY_SETTINGS.staleAfterDays,
        approvalThreshold: stored?.approvalThreshold ?? null,
      };
    },
    async save(settings, actor, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...settingsKey(NAME),
            [TABLE.entityType]: "settings",
            settings,
            updatedBy: actor,
            updatedAt: at,
          },
        }),
      );
    },
  };
}
