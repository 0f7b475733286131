import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DayCounts, TrendRepository } from "../../app/ports.js";
import { SKIP_REASONS, type SkipReason } from "../../domain/survey.js";
import { seriesScope, trendDayRange, trendKey } from "./keys.js";
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

/** Adds one shard's counts into the day's running total. */
function addInto(total: DayCounts, shard: DayCounts): void {
  for (let index = 0; index < 5; index++) {
    total.scores[index] = (total.scores[index] ?? 0) + (shard.scores[index] ?? 0);
  }
  total.invited += shard.invited;
  total.skipped += shard.skipped;
  for (const [reason, count] of Object.entries(shard.skippedBy) as Array<[SkipReason, number]>) {
    total.skippedBy[reason] = (total.skippedBy[reason] ?? 0) + count;
  }
}

/** One total per day from items in day order, the shards of a day next to each other. */
function sumShards(items: Record<string, unknown>[]): DayCounts[] {
  const days: DayCounts[] = [];
  for (const item of items) {
    const counts = toDayCounts(item);
    const last = days.at(-1);
    if (last && last.day === counts.day) addInto(last, counts);
    else days.push(counts);
  }
  return days;
}

/**
 * Reads the per-day aggregates: a fixed number of shard items per series and day, whatever the number of responses
 * behind them, summed into one count per day.
 */
export function makeDynamoTrendRepository(db: DynamoDBDocumentClient, tableName: string): TrendRepository {
  return {
    async readSeries(series, from, to) {
      const { key } = trendKey(series, from);
      const range = trendDayRange(from, to);
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": key.pk, ":from": range.from, ":to": range.to },
        ConsistentRead: true,
      });
      return sumShards(items);
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
      // The listing sorts by day, then value, then shard: the shards of one value and day arrive together.
      const byValue = new Map<string, Record<string, unknown>[]>();
      for (const item of items) {
        const value = item.value as string;
        const list = byValue.get(value) ?? [];
        list.push(item);
        byValue.set(value, list);
      }
      return new Map([...byValue].map(([value, list]) => [value, sumShards(list)]));
    },
  };
}
