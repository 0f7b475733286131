import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ResponseHistoryRepository } from "../../app/ports.js";
import { waitBeforeRetry } from "../../app/retry-policy.js";
import { type SeriesRef, seriesFor } from "../../domain/dimensions.js";
import type { Survey } from "../../domain/survey.js";
import { inParallel } from "./in-parallel.js";
import { responseListingKey, surveyKey, ticketKey, trendKey } from "./keys.js";
import { TABLE } from "./table.js";
import { cancellationCodes, isContention } from "./transactions.js";
import { trendShard } from "./trend-shards.js";
import { trendUpdate } from "./trend-updates.js";

const BATCH = 25;
/** DynamoDB's limit on the actions of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_CONTENTION_RETRIES = 20;

/** The survey's ticket record (the idempotency record for its source and ticket) and the survey item itself. */
function surveyItems(survey: Survey): { ticket: Record<string, unknown>; survey: Record<string, unknown> } {
  const listing = survey.response?.score ? responseListingKey(survey.day, survey.surveyId) : {};
  return {
    ticket: {
      ...ticketKey(survey.source, survey.ticketId),
      [TABLE.entityType]: "ticket",
      surveyId: survey.surveyId,
    },
    survey: { ...surveyKey(survey.surveyId), [TABLE.entityType]: "survey", ...listing, ...survey },
  };
}

/** The counters one survey adds to each series it belongs to. */
function countersOf(survey: Survey): Record<string, number> {
  const deltas: Record<string, number> =
    survey.status === "invited" ? { invited: 1 } : { skipped: 1, [`skip_${survey.skipReason}`]: 1 };
  if (survey.response?.score) deltas[`s${survey.response.score}`] = 1;
  return deltas;
}

async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    if (pending.length > 0) await waitBeforeRetry(attempt + 1);
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
      /** Called after every write with the items written so far and all there are to write. */
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<{ surveys: number; trendItems: number }> {
    const counters = new Map<
      string,
      { series: SeriesRef; day: string; shard: number; counts: Record<string, number> }
    >();
    const items: Record<string, unknown>[] = [];
    for (const survey of surveys) {
      if (options.storeSurveys !== false) {
        const written = surveyItems(survey);
        items.push(written.ticket, written.survey);
      }
      const deltas = countersOf(survey);
      for (const series of seriesFor(survey.dimensions)) {
        // The shard live writes of this survey would use, so imported and live aggregates have one shape.
        const shard = trendShard(series, survey.surveyId);
        const { key } = trendKey(series, survey.day, shard);
        const id = `${key.pk}|${key.sk}`;
        let entry = counters.get(id);
        if (!entry) {
          entry = { series, day: survey.day, shard, counts: {} };
          counters.set(id, entry);
        }
        for (const [name, delta] of Object.entries(deltas))
          entry.counts[name] = (entry.counts[name] ?? 0) + delta;
      }
    }
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
    // Progress counts items written, so each share of it takes about the same time.
    const total = items.length + counters.size;
    let done = 0;
    await inParallel(batches, 8, async (batch) => {
      await batchPut(db, tableName, batch);
      done += batch.length;
      options.onProgress?.(done, total);
    });
    if (options.emptyTable) {
      // Nothing to add to: the aggregates are written whole, 25 to a batch.
      const trendItems = [...counters.values()].map((entry) => {
        const { key, listing } = trendKey(entry.series, entry.day, entry.shard);
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
        options.onProgress?.(done, total);
      });
    } else {
      await inParallel([...counters.values()], 16, async (entry) => {
        await db.send(
          new UpdateCommand(trendUpdate(tableName, entry.series, entry.day, entry.counts, entry.shard)),
        );
        done += 1;
        options.onProgress?.(done, total);
      });
    }
    options.onProgress?.(total, total);
    return { surveys: surveys.length, trendItems: counters.size };
  };
}

const identityOf = (source: string, ticketId: string) => `${source}\u0000${ticketId}`;

/**
 * One transaction's worth of surveys of one day: each survey's ticket record (on the condition that none exists),
 * its survey item, and the counters of all of them added up per series, within DynamoDB's 100 actions.
 */
function packDay(surveys: readonly Survey[]): Survey[][] {
  const packs: Survey[][] = [];
  let pack: Survey[] = [];
  let series = new Set<string>();
  for (const survey of surveys) {
    const own = seriesFor(survey.dimensions).map((ref) => JSON.stringify(ref));
    const added = own.filter((key) => !series.has(key)).length;
    if (pack.length > 0 && (pack.length + 1) * 2 + series.size + added > MAX_TRANSACTION_ITEMS) {
      packs.push(pack);
      pack = [];
      series = new Set();
    }
    pack.push(survey);
    for (const key of own) series.add(key);
  }
  if (pack.length > 0) packs.push(pack);
  return packs;
}

function transactionOf(tableName: string, surveys: readonly Survey[]) {
  const counters = new Map<string, { series: SeriesRef; counts: Record<string, number> }>();
  const writes: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [];
  for (const survey of surveys) {
    const items = surveyItems(survey);
    writes.push(
      { Put: { TableName: tableName, Item: items.ticket, ConditionExpression: "attribute_not_exists(pk)" } },
      { Put: { TableName: tableName, Item: items.survey, ConditionExpression: "attribute_not_exists(pk)" } },
    );
    for (const series of seriesFor(survey.dimensions)) {
      const id = JSON.stringify(series);
      const entry = counters.get(id) ?? { series, counts: {} };
      for (const [name, delta] of Object.entries(countersOf(survey)))
        entry.counts[name] = (entry.counts[name] ?? 0) + delta;
      counters.set(id, entry);
    }
  }
  const day = surveys[0]?.day ?? "";
  for (const { series, counts } of counters.values()) {
    writes.push({ Update: trendUpdate(tableName, series, day, counts) });
  }
  return writes;
}

/**
 * Past responses stored exactly once. Each transaction writes whole responses: the ticket records, on the condition
 * that none exists, with the survey items and the aggregates they add. So a ticket record exists exactly when its
 * response was counted, and a retry of a file that failed part-way stores only what is still missing. Days are
 * written in parallel and each day's transactions one after another, since a day's responses share its trend items.
 */
export function makeDynamoResponseHistory(
  db: DynamoDBDocumentClient,
  tableName: string,
): ResponseHistoryRepository {
  async function storePack(pack: Survey[]): Promise<{ stored: number; alreadyPresent: string[] }> {
    let pending = pack;
    const alreadyPresent: string[] = [];
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: transactionOf(tableName, pending) }));
        return { stored: pending.length, alreadyPresent };
      } catch (error) {
        const codes = cancellationCodes(error);
        // Item 2i is survey i's ticket record: a failed condition there means another writer stored that ticket.
        const taken = new Set(
          pending
            .filter((_, index) => codes?.[index * 2] === "ConditionalCheckFailed")
            .map((s) => identityOf(s.source, s.ticketId)),
        );
        if (taken.size > 0) {
          alreadyPresent.push(...taken);
          pending = pending.filter((s) => !taken.has(identityOf(s.source, s.ticketId)));
          continue;
        }
        if (!isContention(error) || attempt >= MAX_CONTENTION_RETRIES) throw error;
        await waitBeforeRetry(attempt + 1);
      }
    }
    return { stored: 0, alreadyPresent };
  }

  return {
    async existingTickets(tickets) {
      const byPk = new Map(
        tickets.map((t) => [ticketKey(t.source, t.ticketId).pk, identityOf(t.source, t.ticketId)]),
      );
      const keys = [...byPk.keys()].map((pk) => ({ pk, sk: "TICKET" }));
      const found = new Set<string>();
      const batches: Array<typeof keys> = [];
      for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
      await inParallel(batches, 4, async (batch) => {
        let pending: Record<string, unknown>[] = batch;
        for (let attempt = 0; pending.length > 0; attempt++) {
          const result = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: { Keys: pending, ProjectionExpression: "pk", ConsistentRead: true },
              },
            }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            const identity = byPk.get(String(item.pk));
            if (identity) found.add(identity);
          }
          pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
          if (pending.length > 0) await waitBeforeRetry(attempt + 1);
        }
      });
      return found;
    },

    async storeOnce(surveys) {
      const byDay = new Map<string, Survey[]>();
      for (const survey of surveys) {
        const day = byDay.get(survey.day);
        if (day) day.push(survey);
        else byDay.set(survey.day, [survey]);
      }
      let stored = 0;
      const alreadyPresent: string[] = [];
      await inParallel([...byDay.values()], 8, async (day) => {
        for (const pack of packDay(day)) {
          const outcome = await storePack(pack);
          stored += outcome.stored;
          alreadyPresent.push(...outcome.alreadyPresent);
        }
      });
      return { stored, alreadyPresent };
    },
  };
}
