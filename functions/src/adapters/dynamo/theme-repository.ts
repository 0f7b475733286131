import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { ThemeSnapshot, ThemeSnapshotRepository } from "../../app/ports.js";
import { themeSnapshotKey } from "./keys.js";
import { TABLE } from "./table.js";

const BATCH = 25;

function toSnapshot(item: Record<string, unknown>): ThemeSnapshot {
  return {
    month: item.month as string,
    service: item.service as string,
    comments: item.comments as number,
    themes: (item.themes as ThemeSnapshot["themes"] | undefined) ?? [],
    computedAt: item.computedAt as string,
    final: item.final === true,
  };
}

/** Monthly theme snapshots, one item per service and month, so reading themes costs one item per month asked for. */
export function makeDynamoThemeRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): ThemeSnapshotRepository {
  return {
    async get(month, service) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: themeSnapshotKey(month, service) }),
      );
      return Item ? toSnapshot(Item) : undefined;
    },

    async putAll(snapshots) {
      const pending = snapshots.map((snapshot) => ({
        PutRequest: {
          Item: {
            ...themeSnapshotKey(snapshot.month, snapshot.service),
            [TABLE.entityType]: "theme-snapshot",
            ...snapshot,
          },
        },
      }));
      for (let start = 0; start < pending.length; start += BATCH) {
        let batch = pending.slice(start, start + BATCH);
        for (let attempt = 0; batch.length > 0; attempt++) {
          const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
          batch = (result.UnprocessedItems?.[tableName] ?? []) as typeof batch;
          if (batch.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    },
  };
}
