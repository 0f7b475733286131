import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type SeriesRef, seriesFor } from "../../domain/dimensions.js";
import type { Survey } from "../../domain/survey.js";
import { inParallel } from "./in-parallel.js";
import { responseListingKey, surveyKey, ticketKey, trendKey } from "./keys.js";
import { TABLE } from "./table.js";
import { trendUpdate } from "./trend-updates.js";

const BATCH = 25;

async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
  }
}

/**
 * Imports past surveys in bulk (the demo organisation, benchmarks, a migration from another survey tool): surveys and
 * ticket records in batches, and the aggregates added up in memory and applied with ADD, so they equal a recount of
 * what was imported and add to whatever the table already held.
 */
export function makeHistoryImporter(db: DynamoDBDocumentClient, tableName: string) {
  return async function importHistory(
    surveys: Survey[],
    options: {
      storeSurveys?: boolean;
      /** The table holds no aggregates yet, so they can be written whole rather than added to. */
      emptyTable?: boolean;
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<{ surveys: number; trendItems: number }> {
    const counters = new Map<string, { series: SeriesRef; day: string; counts: Record<string, number> }>();
    const items: Record<string, unknown>[] = [];
    for (const survey of surveys) {
      if (options.storeSurveys !== false) {
        items.push({
          ...ticketKey(survey.source, survey.ticketId),
          [TABLE.entityType]: "ticket",
          surveyId: survey.surveyId,
        });
        const listing = survey.response?.score ? responseListingKey(survey.day, survey.surveyId) : {};
        items.push({ ...surveyKey(survey.surveyId), [TABLE.entityType]: "survey", ...listing, ...survey });
      }
      const deltas: Record<string, number> =
        survey.status === "invited" ? { invited: 1 } : { skipped: 1, [`skip_${survey.skipReason}`]: 1 };
      if (survey.response?.score) deltas[`s${survey.response.score}`] = 1;
      for (const series of seriesFor(survey.dimensions)) {
        const { key } = trendKey(series, survey.day);
        const id = `${key.pk}|${key.sk}`;
        let entry = counters.get(id);
        if (!entry) {
          entry = { series, day: survey.day, counts: {} };
          counters.set(id, entry);
        }
        for (const [name, delta] of Object.entries(deltas))
          entry.counts[name] = (entry.counts[name] ?? 0) + delta;
      }
    }
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
    const total = batches.length + counters.size;
    let done = 0;
    await inParallel(batches, 8, async (batch) => {
      await batchPut(db, tableName, batch);
      done += 1;
      if (done % 50 === 0) options.onProgress?.(done, total);
    });
    if (options.emptyTable) {
      // Nothing to add to: the aggregates are written whole, 25 to a batch.
      const trendItems = [...counters.values()].map((entry) => {
        const { key, listing } = trendKey(entry.series, entry.day);
        return {
          ...key,
          ...listing,
          [TABLE.entityType]: "trend",
          day: entry.day,
          value: entry.series.value,
          ...entry.counts,
        };
      });
      const trendBatches: Record<string, unknown>[][] = [];
      for (let i = 0; i < trendItems.length; i += BATCH) trendBatches.push(trendItems.slice(i, i + BATCH));
      await inParallel(trendBatches, 8, async (batch) => {
        await batchPut(db, tableName, batch);
        done += batch.length;
        if (done % 500 < BATCH) options.onProgress?.(done, total);
      });
    } else {
      await inParallel([...counters.values()], 16, async (entry) => {
        await db.send(new UpdateCommand(trendUpdate(tableName, entry.series, entry.day, entry.counts)));
        done += 1;
        if (done % 200 === 0) options.onProgress?.(done, total);
      });
    }
    options.onProgress?.(total, total);
    return { surveys: surveys.length, trendItems: counters.size };
  };
}
