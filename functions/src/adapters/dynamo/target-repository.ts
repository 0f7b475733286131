import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CsatTarget, TargetRepository } from "../../app/ports.js";
import { targetKey } from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";
import { isConditionFailure } from "./transactions.js";

function toTarget(item: Record<string, unknown>): CsatTarget {
  return {
    service: typeof item.service === "string" ? item.service : null,
    period: item.period as string,
    value: item.value as number,
    setBy: item.setBy as string,
    setAt: item.setAt as string,
  };
}

/** Csat targets, one item each in a shared partition: a head sets a few dozen at most. */
export function makeDynamoTargetRepository(db: DynamoDBDocumentClient, tableName: string): TargetRepository {
  return {
    async list() {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": targetKey("", null).pk, ":prefix": "TARGET#" },
        ConsistentRead: true,
      });
      return items.map(toTarget);
    },

    async put(target) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...targetKey(target.period, target.service), [TABLE.entityType]: "target", ...target },
        }),
      );
    },

    async remove(period, service) {
      // Conditional, so that removing a target that is not there (a 404) writes nothing at all.
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: targetKey(period, service),
            ConditionExpression: "attribute_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
