import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { FollowUpRecord, FollowUpRepository } from "../../app/ports.js";
import { DomainError } from "../../domain/errors.js";
import { isWellFormedText } from "../../domain/well-formed-text.js";
import { followUpGroupQueueKey, followUpKey, followUpQueueKey } from "./keys.js";
import { TABLE } from "./table.js";
import { isConditionFailure } from "./transactions.js";

const KEY_ATTRIBUTES = new Set(["pk", "sk", "type", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "ttl"]);
// A filtered queue page reads at most this many items per request while it fills up.
const READ_BATCH = 100;

/** A stored case item as the record the use cases work with, its key attributes left out. */
export function toFollowUpRecord(item: Record<string, unknown>): FollowUpRecord {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) data[name] = value;
  return data as unknown as FollowUpRecord;
}

function queueOf(record: Pick<FollowUpRecord, "status">): "active" | "resolved" {
  return record.status === "resolved" ? "resolved" : "active";
}

/** The stored item of a case: its key, and its places in the queue and in its owner group's queue. */
export function followUpItem(record: FollowUpRecord): Record<string, unknown> {
  const queue = queueOf(record);
  return {
    ...followUpKey(record.responseId),
    [TABLE.entityType]: "follow-up",
    ...followUpQueueKey(queue, record.dueAt, record.id),
    ...(record.ownerGroup ? followUpGroupQueueKey(queue, record.ownerGroup, record.dueAt, record.id) : {}),
    ...record,
  };
}

/** The conditional put of a case, usable alone or inside another transaction (the rating that opens it). */
export function followUpPut(tableName: string, record: FollowUpRecord, expectedVersion: number | undefined) {
  return {
    TableName: tableName,
    Item: followUpItem(record),
    ConditionExpression: expectedVersion === undefined ? "attribute_not_exists(pk)" : "version = :expected",
    ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
  };
}

// A cursor names the last case shown (due time, case, response), never the table's keys, which it rebuilds.
interface QueuePosition {
  d: string;
  i: string;
  r: string;
}

function encodeCursor(position: QueuePosition): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

const isCursorPart = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= 200 && isWellFormedText(value);

function decodeCursor(cursor: string): QueuePosition {
  try {
    const position = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<QueuePosition>;
    if (isCursorPart(position.d) && isCursorPart(position.i) && isCursorPart(position.r)) {
      return { d: position.d, i: position.i, r: position.r };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new DomainError("validation", "The cursor is not one this listing handed out", {
    fields: ["cursor"],
  });
}

/** Follow-up cases, one item per response, listed oldest due first through the two listing indexes. */
export function makeDynamoFollowUpRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): FollowUpRepository {
  return {
    async get(surveyId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: followUpKey(surveyId), ConsistentRead: true }),
      );
      return Item ? toFollowUpRecord(Item) : undefined;
    },

    async save(next, expectedVersion) {
      try {
        await db.send(new PutCommand(followUpPut(tableName, next, expectedVersion)));
        return "saved";
      } catch (error) {
        if (isConditionFailure(error)) return "conflict";
        throw error;
      }
    },

    async list({ queue, status, group, dueBefore, limit, cursor }) {
      const index = group === undefined ? TABLE.indexes.byParent : TABLE.indexes.byAlternate;
      const pk =
        group === undefined
          ? followUpQueueKey(queue, "", "").gsi1pk
          : followUpGroupQueueKey(queue, group, "", "").gsi2pk;
      const names: Record<string, string> = { "#pk": index.partitionKey };
      const values: Record<string, unknown> = { ":pk": pk };
      let condition = "#pk = :pk";
      if (dueBefore !== undefined) {
        condition += " AND #sk < :due";
        names["#sk"] = index.sortKey;
        values[":due"] = dueBefore;
      }
      let filter: string | undefined;
      if (status !== undefined) {
        filter = "#status = :status";
        names["#status"] = "status";
        values[":status"] = status;
      }
      const items: Record<string, unknown>[] = [];
      const startAt = (position: QueuePosition) => ({
        ...followUpKey(position.r),
        ...(group === undefined
          ? followUpQueueKey(queue, position.d, position.i)
          : followUpGroupQueueKey(queue, group, position.d, position.i)),
      });
      let start: Record<string, unknown> | undefined =
        cursor === undefined ? undefined : startAt(decodeCursor(cursor));
      let overflow = false;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index.name,
            KeyConditionExpression: condition,
            FilterExpression: filter,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            Limit: filter === undefined ? limit - items.length : READ_BATCH,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          if (items.length < limit) items.push(item);
          else overflow = true;
        }
        start = page.LastEvaluatedKey;
      } while (items.length < limit && start !== undefined);
      const last = items[items.length - 1];
      // The next page starts after the last case shown, which may lie before the end of what was read.
      const hasMore = last !== undefined && items.length === limit && (overflow || start !== undefined);
      const record = hasMore && last ? toFollowUpRecord(last) : undefined;
      const next = record ? encodeCursor({ d: record.dueAt, i: record.id, r: record.responseId }) : null;
      return { items: items.map(toFollowUpRecord), nextCursor: next };
    },
  };
}
