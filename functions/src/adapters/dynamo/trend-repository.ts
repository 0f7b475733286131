import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DayCounts, TrendRepository } from "../../app/ports.js";
import { SKIP_REASONS, type SkipReason } from "../../domain/survey.js";
import { seriesScope, trendKey } from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";

const num = (value: unknown) => (typeof value === "number" ? value : 0);

function toDayCounts(item: Record<string, unknown>): DayCounts {
  const skippedBy: Partial<Record<SkipReason, number>> = {};
  for (const reason of SKIP_REASONS) {
    const count = num(item[`skip_${reason}`]);
    if (count) skippedBy[reason] = count;
  }
  return {
    day: item.day as string,
    scores: [num(item.s1), num(item.s2), num(item.s3), num(item.s4), num(item.s5)],
    invited: num(item.invited),
    skipped: num(item.skipped),
    skippedBy,
  };
}

/** Reads the per-day aggregates: one item per series and day, whatever the number of responses behind it. */
export function makeDynamoTrendRepository(db: DynamoDBDocumentClient, tableName: string): TrendRepository {
  return {
    async readSeries(series, from, to) {
      const { key } = trendKey(series, from);
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": key.pk, ":from": `DAY#${from}`, ":to": `DAY#${to}` },
        ConsistentRead: true,
      });
      return items.map(toDayCounts);
    },

    async readGroup(group, from, to) {
      const index = TABLE.indexes.byParent;
      const items = await queryAll(db, {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
        ExpressionAttributeNames: { "#pk": index.partitionKey, "#sk": index.sortKey },
        ExpressionAttributeValues: {
          ":pk": `TRENDS#${seriesScope(group)}`,
          ":from": `${from}#`,
          ":to": `${to}#\uffff`,
        },
      });
      const byValue = new Map<string, DayCounts[]>();
      for (const item of items) {
        const value = item.value as string;
        const list = byValue.get(value) ?? [];
        list.push(toDayCounts(item));
        byValue.set(value, list);
      }
      return byValue;
    },
  };
}
