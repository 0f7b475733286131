import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { Webhook, WebhookDelivery, WebhookRepository } from "../../app/outbound/outbound-ports.js";
import {
  DELIVERY_METHODS,
  OUTBOUND_EVENT_TYPES,
  WEBHOOK_FORMATS,
} from "../../domain/outbound/outbound-event.js";
import {
  WEBHOOKS_PARTITION,
  webhookDeliveryKey,
  webhookDeliveryListingKey,
  webhookDeliverySurveyKey,
  webhookKey,
} from "./keys.js";
import { TABLE } from "./table.js";
import { isConditionFailure } from "./transactions.js";

// The log answers "what happened to last week's events"; a month is plenty, and then it expires on its own.
const DELIVERY_RECORD_SECONDS = 30 * 86_400;

const WebhookItem = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(OUTBOUND_EVENT_TYPES)),
  format: z.enum(WEBHOOK_FORMATS),
  description: z.nullable(z.string()),
  source: z._default(z.nullable(z.string()), null),
  authorization: z._default(z.nullable(z.string()), null),
  appToken: z._default(z.nullable(z.string()), null),
  secret: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

const DeliveryItem = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.enum(OUTBOUND_EVENT_TYPES),
  method: z._default(z.enum(DELIVERY_METHODS), "POST"),
  url: z.string(),
  body: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.array(
    z.object({
      at: z.string(),
      statusCode: z.nullable(z.number()),
      error: z.nullable(z.string()),
      durationMs: z.number(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  surveyId: z._default(z.nullable(z.string()), null),
  erasedAt: z._default(z.nullable(z.string()), null),
});

const webhookOf = (item: Record<string, unknown>): Webhook => WebhookItem.parse(item);
const deliveryOf = (item: Record<string, unknown>): WebhookDelivery => DeliveryItem.parse(item);

/**
 * The webhooks in one partition, and one item per delivery listed by webhook on the first index and, when it is about
 * a survey, by that survey on the second (which erasure reads).
 */
export function makeDynamoWebhookRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): WebhookRepository {
  return {
    async create(webhook) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...webhookKey(webhook.id), [TABLE.entityType]: "webhook", ...webhook },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    async list() {
      const items: Webhook[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: {
              ":pk": WEBHOOKS_PARTITION.pk,
              ":prefix": WEBHOOKS_PARTITION.skPrefix,
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) items.push(webhookOf(item));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async get(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: webhookKey(id), ConsistentRead: true }),
      );
      return Item ? webhookOf(Item) : undefined;
    },

    async remove(id) {
      // Read first, so that removing a webhook that is not there writes nothing.
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: webhookKey(id), ConsistentRead: true }),
      );
      if (!Item) return false;
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: webhookKey(id),
            ConditionExpression: "attribute_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async createDelivery(delivery) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...webhookDeliveryKey(delivery.id),
              ...webhookDeliveryListingKey(delivery.webhookId, delivery.createdAt, delivery.id),
              ...(delivery.surveyId === null
                ? {}
                : webhookDeliverySurveyKey(delivery.surveyId, delivery.createdAt, delivery.id)),
              [TABLE.entityType]: "webhook-delivery",
              [TABLE.ttlAttribute]:
                Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_RECORD_SECONDS,
              ...delivery,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return "created";
      } catch (error) {
        if (isConditionFailure(error)) return "exists";
        throw error;
      }
    },

    async getDelivery(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: webhookDeliveryKey(id), ConsistentRead: true }),
      );
      return Item ? deliveryOf(Item) : undefined;
    },

    async recordAttempt(id, attempt, status, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookDeliveryKey(id),
          UpdateExpression:
            "SET attempts = list_append(attempts, :attempt), #status = :status, updatedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":attempt": [attempt], ":status": status, ":at": at },
        }),
      );
    },

    async setStatus(id, status, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookDeliveryKey(id),
          UpdateExpression: "SET #status = :status, updatedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":status": status, ":at": at },
        }),
      );
    },

    async listDeliveries(webhookId, limit) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.indexes.byParent.name,
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": webhookDeliveryListingKey(webhookId, "", "").gsi1pk },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (Items ?? []).map(deliveryOf);
    },
  };
}
