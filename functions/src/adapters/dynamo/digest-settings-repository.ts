import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DigestSettingsRepository } from "../../app/ports.js";
import { digestSentKey, settingsKey } from "./keys.js";
import { TABLE } from "./table.js";

const RECIPIENTS = "digest-recipients";

/** The digest's recipients (a settings item) and a record of each month it went out for. */
export function makeDynamoDigestSettingsRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): DigestSettingsRepository {
  return {
    async getRecipients() {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: settingsKey(RECIPIENTS), ConsistentRead: true }),
      );
      return Array.isArray(Item?.recipients) ? (Item.recipients as string[]) : [];
    },

    async setRecipients(recipients, actor, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...settingsKey(RECIPIENTS),
            [TABLE.entityType]: "settings",
            recipients: [...recipients],
            updatedBy: actor,
            updatedAt: at,
          },
        }),
      );
    },

    async wasSent(month) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: digestSentKey(month), ConsistentRead: true }),
      );
      return Item !== undefined;
    },

    async markSent(month, at, recipients) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...digestSentKey(month), [TABLE.entityType]: "digest-sent", month, sentAt: at, recipients },
        }),
      );
    },
  };
}
