import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  BacklogEntry,
  BacklogSnapshot,
  ImportedUpdate,
  InitiativeRepository,
  SaveInitiativeResult,
} from "../../app/ports.js";
import {
  type HistoryEntry,
  type Initiative,
  proposedClosureCode,
} from "../../domain/initiatives/initiative.js";
import { inParallel } from "./in-parallel.js";
import {
  backlogSnapshotKey,
  INITIATIVE_HISTORY_PREFIX,
  initiativeBacklogKey,
  initiativeCounterKey,
  initiativeHistoryKey,
  initiativeKey,
  initiativeListingKey,
  initiativeOwnerListingKey,
  initiativePartition,
} from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";
import { cancellationCodes, isConditionFailure } from "./transactions.js";

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

const KEY_ATTRIBUTES = new Set([
  "pk",
  "sk",
  "type",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "ttl",
  "importId",
]);
const BACKLOG_FIELDS = [
  "id",
  "title",
  "status",
  "services",
  "category",
  "owner",
  "effort",
  "estimatedCost",
  "kpi",
  "manualRank",
  "wsjf",
  "rice",
  "version",
  "raisedAt",
  "implementedAt",
  "updatedAt",
] as const satisfies ReadonlyArray<keyof BacklogEntry>;
// A transaction holds at most 100 items and 4 MB; an imported initiative writes three, an update two and its history.
const TRANSACTION_ITEMS = 100;
const TRANSACTION_BYTES = 3_000_000;
const IMPORT_PARALLEL = 4;
const SNAPSHOT_SECONDS = 15 * 60;

/** One initiative's part of an import: the writes that store it, and the update they store, if any. */
interface ImportWrite {
  puts: TransactItem[];
  bytes: number;
  /** What deletes a new initiative again; an update is restored instead. */
  keys: Array<{ pk: string; sk: string }>;
  update?: ImportedUpdate;
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) data[name] = value;
  return data;
}

function toHead(item: Record<string, unknown>): Initiative {
  const head = strip(item) as unknown as Omit<Initiative, "history">;
  // Initiatives stored before hold, closure codes, tasks, records, actual cost and secondary KPIs read as never held,
  // with no tasks, records, actual cost or secondary KPIs, their end coded from their verdict.
  return {
    ...head,
    heldFrom: head.heldFrom ?? null,
    tasks: head.tasks ?? [],
    records: head.records ?? [],
    secondaryKpis: head.secondaryKpis ?? [],
    actualCost: head.actualCost ?? null,
    closureCode: head.closureCode ?? proposedClosureCode(head.status, head.benefitRealised),
    history: [],
  };
}

function toBacklogEntry(item: Record<string, unknown>): BacklogEntry {
  return strip(item) as unknown as BacklogEntry;
}

function toHistoryEntry(item: Record<string, unknown>): HistoryEntry {
  return strip(item) as unknown as HistoryEntry;
}

function headItem(initiative: Initiative, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { history: _history, ...head } = initiative;
  return { ...initiativeKey(initiative.id), [TABLE.entityType]: "initiative", ...head, ...extra };
}

function backlogItem(initiative: Initiative, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const field of BACKLOG_FIELDS) entry[field] = initiative[field];
  return {
    ...initiativeBacklogKey(initiative.id),
    ...initiativeListingKey(initiative.status, initiative.id),
    ...initiativeOwnerListingKey(initiative.owner, initiative.status, initiative.id),
    [TABLE.entityType]: "initiative-backlog",
    ...entry,
    ...extra,
  };
}

function historyItems(
  initiative: Pick<Initiative, "id" | "version">,
  entries: readonly HistoryEntry[],
  extra: Record<string, unknown> = {},
): Record<string, unknown>[] {
  return entries.map((entry, index) => ({
    ...initiativeHistoryKey(initiative.id, entry.at, initiative.version, index),
    [TABLE.entityType]: "initiative-history",
    ...entry,
    ...extra,
  }));
}

/**
 * The CSI register in the one table. Each initiative is a partition: a head item (the data), a small backlog
 * item (what the backlog ranks, carrying the listing index keys) and one item per history entry, so no item
 * grows with the initiative's age. Every change writes head, backlog item and new history in one transaction,
 * conditioned on the head's version.
 */
export function makeDynamoInitiativeRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): InitiativeRepository {
  async function getHead(id: string): Promise<Initiative | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: initiativeKey(id), ConsistentRead: true }),
    );
    return Item ? toHead(Item) : undefined;
  }

  async function batchGet(
    keys: Array<{ pk: string; sk: string }>,
    consistent = false,
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Array<Record<string, unknown>> = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const result = await db.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } },
          }),
        );
        found.push(...(result.Responses?.[tableName] ?? []));
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    return found;
  }

  async function batchDelete(keys: Array<{ pk: string; sk: string }>): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let pending = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }

  async function conflict(id: string): Promise<SaveInitiativeResult> {
    return { kind: "conflict", current: await getHead(id) };
  }

  /** Puts an imported update's head and backlog entry back as they were and deletes the history it added. */
  async function restore(update: ImportedUpdate): Promise<void> {
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: headItem(update.before),
                ConditionExpression: "version = :imported",
                ExpressionAttributeValues: { ":imported": update.next.version },
              },
            },
            { Put: { TableName: tableName, Item: backlogItem(update.before) } },
            ...historyItems(update.next, update.newEntries).map(({ pk, sk }) => ({
              Delete: { TableName: tableName, Key: { pk, sk } },
            })),
          ],
        }),
      );
    } catch (error) {
      // Someone saved a later version over the imported one: it holds the import's change, and its history says so.
      if (!cancellationCodes(error)?.includes("ConditionalCheckFailed")) throw error;
    }
  }

  return {
    getHead,

    async allocateSequence(count, atLeast = 0) {
      if (atLeast > 0) {
        // Lifts the counter over ids an import brings along, so that later ids never collide with them.
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: initiativeCounterKey(),
              UpdateExpression: "SET #seq = :min, #type = :type",
              ConditionExpression: "attribute_not_exists(#seq) OR #seq < :min",
              ExpressionAttributeNames: { "#seq": "sequence", "#type": TABLE.entityType },
              ExpressionAttributeValues: { ":min": atLeast, ":type": "counter" },
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: initiativeCounterKey(),
          UpdateExpression: "ADD #seq :count SET #type = :type",
          ExpressionAttributeNames: { "#seq": "sequence", "#type": TABLE.entityType },
          ExpressionAttributeValues: { ":count": count, ":type": "counter" },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return (Attributes?.sequence as number) - count + 1;
    },

    async getWithHistory(id) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": initiativePartition(id) },
        ConsistentRead: true,
      });
      const head = items.find((item) => item.sk === initiativeKey(id).sk);
      if (!head) return undefined;
      const history = items
        .filter((item) => String(item.sk).startsWith(INITIATIVE_HISTORY_PREFIX))
        .map(toHistoryEntry);
      return { ...toHead(head), history };
    },

    async create(initiative) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: headItem(initiative),
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              { Put: { TableName: tableName, Item: backlogItem(initiative) } },
              ...historyItems(initiative, initiative.history).map((Item) => ({
                Put: { TableName: tableName, Item },
              })),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancellationCodes(error)?.[0] === "ConditionalCheckFailed") return false;
        throw error;
      }
    },

    async save(next, expectedVersion, newEntries) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: headItem(next),
            ConditionExpression: "version = :expected",
            ExpressionAttributeValues: { ":expected": expectedVersion },
          },
        },
        { Put: { TableName: tableName, Item: backlogItem(next) } },
        ...historyItems(next, newEntries).map((Item) => ({ Put: { TableName: tableName, Item } })),
      ];
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: "saved" };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.some((code) => code === "ConditionalCheckFailed" || code === "TransactionConflict")) {
          return conflict(next.id);
        }
        throw error;
      }
    },

    async remove(id, expectedVersion) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName,
                  Key: initiativeKey(id),
                  ConditionExpression:
                    expectedVersion === undefined ? "attribute_exists(pk)" : "version = :expected",
                  ...(expectedVersion === undefined
                    ? {}
                    : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
                },
              },
              { Delete: { TableName: tableName, Key: initiativeBacklogKey(id) } },
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.some((code) => code === "ConditionalCheckFailed" || code === "TransactionConflict")) {
          return conflict(id);
        }
        throw error;
      }
      // The history goes after the head: an interruption here leaves only unreachable history items behind.
      const rest = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": initiativePartition(id) },
        ProjectionExpression: "pk, sk",
      });
      await batchDelete(rest as Array<{ pk: string; sk: string }>);
      return { kind: "saved" };
    },

    async listBacklog({ statuses, owner }) {
      const index = owner === undefined ? TABLE.indexes.byParent : TABLE.indexes.byAlternate;
      const pk =
        owner === undefined
          ? initiativeListingKey("", "").gsi1pk
          : initiativeOwnerListingKey(owner, "", "").gsi2pk;
      const pages = await Promise.all(
        statuses.map((status) =>
          queryAll(db, {
            TableName: tableName,
            IndexName: index.name,
            KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :status)",
            ExpressionAttributeNames: { "#pk": index.partitionKey, "#sk": index.sortKey },
            ExpressionAttributeValues: { ":pk": pk, ":status": `${status}#` },
          }),
        ),
      );
      return pages.flat().map(toBacklogEntry);
    },

    async getBacklogEntries(ids) {
      const items = await batchGet(ids.map(initiativeBacklogKey));
      return items.map(toBacklogEntry);
    },

    async existingIds(ids) {
      const items = await batchGet([...new Set(ids)].map(initiativeKey));
      return new Set(items.map((item) => item.id as string));
    },

    async getHeads(ids) {
      const items = await batchGet([...new Set(ids)].map(initiativeKey), true);
      return items.map(toHead);
    },

    async listAll() {
      const listing = TABLE.indexes.byParent;
      const entries = await queryAll(db, {
        TableName: tableName,
        IndexName: listing.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": listing.partitionKey },
        ExpressionAttributeValues: { ":pk": initiativeListingKey("", "").gsi1pk },
        ProjectionExpression: "id",
      });
      const heads = await batchGet(entries.map((entry) => initiativeKey(entry.id as string)));
      return heads.map(toHead);
    },

    async importAll(initiatives, importId, updates = []) {
      const marker = { importId };
      const put = (
        Item: Record<string, unknown>,
        condition: Partial<NonNullable<TransactItem["Put"]>> = {},
      ) => ({
        Put: { TableName: tableName, Item, ...condition },
      });
      const keyOf = (item: Record<string, unknown>) => ({ pk: item.pk as string, sk: item.sk as string });
      const writes: ImportWrite[] = [
        ...initiatives.map((initiative) => {
          const items = [
            headItem(initiative, marker),
            backlogItem(initiative, marker),
            ...historyItems(initiative, initiative.history, marker),
          ];
          return {
            puts: items.map((item) => put(item, { ConditionExpression: "attribute_not_exists(pk)" })),
            keys: items.map(keyOf),
          };
        }),
        ...updates.map((update) => ({
          update,
          puts: [
            put(headItem(update.next), {
              ConditionExpression: "version = :expected",
              ExpressionAttributeValues: { ":expected": update.before.version },
            }),
            put(backlogItem(update.next)),
            ...historyItems(update.next, update.newEntries, marker).map((item) => put(item)),
          ],
          keys: [],
        })),
      ].map((write) => ({ ...write, bytes: JSON.stringify(write.puts).length }));

      const chunks: ImportWrite[][] = [];
      let items = 0;
      let bytes = 0;
      for (const write of writes) {
        const last = chunks.at(-1);
        if (
          last &&
          items + write.puts.length <= TRANSACTION_ITEMS &&
          bytes + write.bytes <= TRANSACTION_BYTES
        ) {
          last.push(write);
        } else {
          chunks.push([write]);
          items = 0;
          bytes = 0;
        }
        items += write.puts.length;
        bytes += write.bytes;
      }

      const written: ImportWrite[] = [];
      let failure: { error: unknown; chunk: ImportWrite[] } | undefined;
      let next = 0;
      const worker = async () => {
        while (failure === undefined && next < chunks.length) {
          const chunk = chunks[next++] as ImportWrite[];
          try {
            await db.send(new TransactWriteCommand({ TransactItems: chunk.flatMap((write) => write.puts) }));
            written.push(...chunk);
          } catch (error) {
            failure ??= { error, chunk };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(IMPORT_PARALLEL, chunks.length) }, worker));
      if (failure === undefined) return "imported";

      // All or nothing: take back every chunk that went in before the failure.
      await batchDelete(written.flatMap((write) => write.keys));
      await inParallel(
        written.flatMap((write) => (write.update ? [write.update] : [])),
        IMPORT_PARALLEL,
        restore,
      );
      const codes = cancellationCodes(failure.error);
      if (codes === undefined) throw failure.error;
      // One code per item, in the order the chunk's writes put them.
      let at = 0;
      for (const write of failure.chunk) {
        const own = codes.slice(at, at + write.puts.length);
        if (own.includes("ConditionalCheckFailed")) return write.update ? "version-conflict" : "id-taken";
        at += write.puts.length;
      }
      if (codes.includes("TransactionConflict")) return "contended";
      throw failure.error;
    },

    async saveSnapshot(snapshot) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...backlogSnapshotKey(snapshot.id),
            [TABLE.entityType]: "backlog-snapshot",
            ...snapshot,
            [TABLE.ttlAttribute]: Math.floor(Date.parse(snapshot.createdAt) / 1000) + SNAPSHOT_SECONDS,
          },
        }),
      );
    },

    async getSnapshot(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: backlogSnapshotKey(id) }));
      return Item ? (strip(Item) as unknown as BacklogSnapshot) : undefined;
    },
  };
}
