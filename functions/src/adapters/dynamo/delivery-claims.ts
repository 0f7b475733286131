import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { DeliveryClaims } from "../../app/ports.js";
import { deliveryKey } from "./keys.js";
import { TABLE } from "./table.js";
import { isConditionFailure } from "./transactions.js";

// A delivery record outlives any redelivery or re-run of its month's job by far.
const DELIVERY_RECORD_SECONDS = 400 * 86_400;

/** Leased claims on deliveries that no survey holds, one item per delivery, expiring long after the month. */
export function makeDynamoDeliveryClaims(db: DynamoDBDocumentClient, tableName: string): DeliveryClaims {
  return {
    async claim(id, at, staleBefore) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(id),
            UpdateExpression: "SET #type = :type, #state = :sending, claimedAt = :at, #ttl = :ttl",
            ConditionExpression:
              "attribute_not_exists(pk) OR #state = :pending OR (#state = :sending AND claimedAt < :stale)",
            ExpressionAttributeNames: {
              "#type": TABLE.entityType,
              "#state": "state",
              "#ttl": TABLE.ttlAttribute,
            },
            ExpressionAttributeValues: {
              ":type": "delivery",
              ":sending": "sending",
              ":pending": "pending",
              ":at": at,
              ":stale": staleBefore,
              ":ttl": Math.floor(Date.parse(at) / 1000) + DELIVERY_RECORD_SECONDS,
            },
          }),
        );
        return "claimed";
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: deliveryKey(id), ConsistentRead: true }),
        );
        return Item?.state === "sent" ? "sent" : "held";
      }
    },

    async markSent(id, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(id),
          UpdateExpression: "SET #state = :sent, sentAt = :at",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":sent": "sent", ":at": at },
        }),
      );
    },

    async release(id) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(id),
            UpdateExpression: "SET #state = :pending",
            ConditionExpression: "#state = :sending",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":pending": "pending", ":sending": "sending" },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
