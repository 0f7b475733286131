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
  InitiativeRepository,
  SaveInitiativeResult,
} from "../../app/ports.js";
import type { HistoryEntry, Initiative } from "../../domain/initiatives/initiative.js";
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
// A transaction holds at most 100 items; an imported initiative writes three.
const IMPORT_CHUNK = 33;
const IMPORT_PARALLEL = 4;
const SNAPSHOT_SECONDS = 15 * 60;

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) data[name] = value;
  return data;
}

function toHead(item: Record<string, unknown>): Initiative {
  return { ...(strip(item) as unknown as Omit<Initiative, "history">), history: [] };
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

  async function batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Array<Record<string, unknown>> = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const result = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
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

    async importAll(initiatives, importId) {
      const chunks: Initiative[][] = [];
      for (let i = 0; i < initiatives.length; i += IMPORT_CHUNK)
        chunks.push(initiatives.slice(i, i + IMPORT_CHUNK));
      const written: Array<{ pk: string; sk: string }> = [];
      const marker = { importId };
      let failure: unknown;
      let next = 0;
      const worker = async () => {
        while (failure === undefined && next < chunks.length) {
          const chunk = chunks[next++] as Initiative[];
          const items = chunk.flatMap((initiative) => [
            headItem(initiative, marker),
            backlogItem(initiative, marker),
            ...historyItems(initiative, initiative.history, marker),
          ]);
          try {
            await db.send(
              new TransactWriteCommand({
                TransactItems: items.map((Item) => ({
                  Put: { TableName: tableName, Item, ConditionExpression: "attribute_not_exists(pk)" },
                })),
              }),
            );
            written.push(...items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
          } catch (error) {
            failure ??= error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(IMPORT_PARALLEL, chunks.length) }, worker));
      if (failure !== undefined) {
        // All or nothing: take back every chunk that went in before the failure.
        await batchDelete(written);
        if (cancellationCodes(failure)?.includes("ConditionalCheckFailed")) return "id-taken";
        throw failure;
      }
      return "imported";
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
