import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { trendKey } from "../../functions/src/adapters/dynamo/keys.js";
import { seriesFor } from "../../functions/src/domain/dimensions.js";
import type { Survey } from "../../functions/src/domain/survey.js";

async function scanAll(db: DynamoDBDocumentClient, tableName: string, type: string) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#type = :type",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":type": type },
        ExclusiveStartKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const COUNTERS = ["s1", "s2", "s3", "s4", "s5", "invited", "skipped"] as const;

/**
 * The stored aggregates next to a recount of the stored surveys, keyed by series and day (`<pk> DAY#<day>`, the
 * shards of a day summed, as every read sums them), with zero counters left out: the two must be equal.
 */
export async function aggregatesAndRecount(db: DynamoDBDocumentClient, tableName: string) {
  const recount: Record<string, Record<string, number>> = {};
  const surveys = (await scanAll(db, tableName, "survey")) as unknown as Survey[];
  for (const survey of surveys) {
    // `invited` counts mails handed to the mail server; an imported survey (no invitation record) was mailed elsewhere.
    const mailed = survey.invitation === undefined || survey.invitation.state === "sent";
    const counters: string[] = survey.status === "invited" ? (mailed ? ["invited"] : []) : ["skipped"];
    if (survey.response?.score) counters.push(`s${survey.response.score}`);
    for (const series of seriesFor(survey.dimensions)) {
      const { key } = trendKey(series, survey.day);
      const id = `${key.pk} DAY#${survey.day}`;
      recount[id] ??= {};
      for (const counter of counters) recount[id][counter] = (recount[id][counter] ?? 0) + 1;
    }
  }
  const summed: Record<string, Record<string, number>> = {};
  const shardItems = await scanAll(db, tableName, "trend");
  for (const item of shardItems) {
    const id = `${item.pk} DAY#${item.day}`;
    summed[id] ??= {};
    for (const counter of COUNTERS) {
      const value = item[counter];
      if (typeof value === "number") summed[id][counter] = (summed[id][counter] ?? 0) + value;
    }
  }
  const stored: Record<string, Record<string, number>> = {};
  for (const [id, counts] of Object.entries(summed)) {
    const nonZero = Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
    if (Object.keys(nonZero).length > 0) stored[id] = nonZero;
  }
  return { stored, recount, surveys, shardItems };
}
