import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { Webhook, WebhookDelivery, WebhookRepository } from "../../app/outbound/outbound-ports.js";
import { retryWhileContended, TRY_AGAIN } from "../../app/retry-policy.js";
import {
  DELIVERY_METHODS,
  OUTBOUND_EVENT_TYPES,
  WEBHOOK_FORMATS,
} from "../../domain/outbound/outbound-event.js";
import type { FieldKeyring } from "../secrets/field-keyring.js";
import {
  type FieldKeys,
  FieldSealError,
  isSealedField,
  openField,
  sealedKeyIdOf,
  sealField,
} from "../secrets/field-seal.js";
import { eraseDeliveryBody } from "./delivery-erasure.js";
import {
  surveyKey,
  WEBHOOKS_PARTITION,
  webhookDeliveryKey,
  webhookDeliveryListingKey,
  webhookDeliverySurveyKey,
  webhookKey,
} from "./keys.js";
import { TABLE } from "./table.js";
import { cancellationCodes, isConditionFailure, isContention } from "./transactions.js";

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

const deliveryOf = (item: Record<string, unknown>): WebhookDelivery => DeliveryItem.parse(item);

/** The attributes of a webhook that hold credentials: stored sealed, each bound to its webhook and its name. */
const SEALED_FIELDS = ["secret", "authorization", "appToken"] as const;
type SealedField = (typeof SEALED_FIELDS)[number];

/** A webhook as read, the keys it was read with, and the fields to store again sealed under their current key. */
interface ReadWebhook {
  webhook: Webhook;
  keys: FieldKeys;
  reseal: Array<{ field: SealedField; stored: string; value: string }>;
}

/**
 * The webhooks in one partition, and one item per delivery listed by webhook on the first index and, when it is about
 * a survey, by that survey on the second (which erasure reads). Credentials are sealed and opened with the keyring's
 * keys, read only when a webhook is first stored or read.
 */
export function makeDynamoWebhookRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
  fieldKeys: FieldKeyring,
): WebhookRepository {
  const seal = (keys: FieldKeys, id: string, field: SealedField, value: string) =>
    sealField(keys, value, { record: id, field });

  /** The keys that open a stored webhook: read again when one of its values names a key not held here yet. */
  async function keysFor(stored: z.infer<typeof WebhookItem>): Promise<FieldKeys> {
    const held = await fieldKeys.held();
    for (const field of SEALED_FIELDS) {
      const keyId = sealedKeyIdOf(stored[field] ?? "");
      if (keyId !== undefined && !held.keys.has(keyId)) return fieldKeys.holding(keyId);
    }
    return held;
  }

  /** Opens a stored webhook's credentials; one that does not open leaves the webhook unreadable, never guessed. */
  async function readWebhook(item: Record<string, unknown>): Promise<ReadWebhook> {
    const stored = WebhookItem.parse(item);
    const keys = await keysFor(stored);
    const webhook: Webhook = { ...stored };
    const reseal: ReadWebhook["reseal"] = [];
    for (const field of SEALED_FIELDS) {
      const value = stored[field];
      if (value === null) continue;
      // A plain value was stored before credentials were sealed: it is used as it is, and sealed now.
      if (!isSealedField(value)) {
        reseal.push({ field, stored: value, value });
        continue;
      }
      try {
        const opened = openField(keys, value, { record: stored.id, field });
        webhook[field] = opened.value;
        if (opened.keyId !== keys.current) reseal.push({ field, stored: value, value: opened.value });
      } catch (error) {
        if (!(error instanceof FieldSealError)) throw error;
        return {
          webhook: {
            ...stored,
            secret: "",
            authorization: null,
            appToken: null,
            unreadableSecrets: `The webhook's stored ${field} ${error.message}: nothing is sent to it`,
          },
          keys,
          reseal: [],
        };
      }
    }
    return { webhook, keys, reseal };
  }

  /**
   * Stores again, sealed under the current key, what was read plain or under an older key, unless it changed since.
   * Best effort: the webhook was read all the same, and the next read tries again.
   */
  async function resealed({ webhook, keys, reseal }: ReadWebhook): Promise<Webhook> {
    if (reseal.length === 0) return webhook;
    const names: Record<string, string> = {};
    const values: Record<string, string> = {};
    const sets: string[] = [];
    const conditions = ["attribute_exists(pk)"];
    reseal.forEach(({ field, stored, value }, index) => {
      names[`#f${index}`] = field;
      values[`:sealed${index}`] = seal(keys, webhook.id, field, value);
      values[`:stored${index}`] = stored;
      sets.push(`#f${index} = :sealed${index}`);
      conditions.push(`#f${index} = :stored${index}`);
    });
    await db
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookKey(webhook.id),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: conditions.join(" AND "),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      .catch(() => undefined);
    return webhook;
  }

  const webhookOf = async (item: Record<string, unknown>) => resealed(await readWebhook(item));

  return {
    async create(webhook) {
      const { unreadableSecrets: _unreadable, ...stored } = webhook;
      const keys = await fieldKeys.held();
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...webhookKey(webhook.id),
            [TABLE.entityType]: "webhook",
            ...stored,
            // Every credential the item holds is sealed: an absent one stays null.
            ...Object.fromEntries(
              SEALED_FIELDS.map((field) => {
                const value = webhook[field];
                return [field, value === null ? null : seal(keys, webhook.id, field, value)];
              }),
            ),
          },
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
        items.push(...(await Promise.all((page.Items ?? []).map(webhookOf))));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async get(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: webhookKey(id), ConsistentRead: true }),
      );
      return Item ? await webhookOf(Item) : undefined;
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

    async createDelivery(delivery, options = {}) {
      const put = {
        TableName: tableName,
        Item: {
          ...webhookDeliveryKey(delivery.id),
          ...webhookDeliveryListingKey(delivery.webhookId, delivery.createdAt, delivery.id),
          ...(delivery.surveyId === null
            ? {}
            : webhookDeliverySurveyKey(delivery.surveyId, delivery.createdAt, delivery.id)),
          [TABLE.entityType]: "webhook-delivery",
          [TABLE.ttlAttribute]: Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_RECORD_SECONDS,
          ...delivery,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      };
      if (delivery.surveyId === null || !options.unlessErased) {
        try {
          await db.send(new PutCommand(put));
          return "created";
        } catch (error) {
          if (isConditionFailure(error)) return "exists";
          throw error;
        }
      }
      // Stored only while its survey is not anonymised: an erasure that came after the event was read from the
      // survey has already looked for the survey's deliveries, and would never empty this one.
      const surveyId = delivery.surveyId;
      return retryWhileContended(
        async () => {
          try {
            await db.send(
              new TransactWriteCommand({
                TransactItems: [
                  { Put: put },
                  {
                    ConditionCheck: {
                      TableName: tableName,
                      Key: surveyKey(surveyId),
                      ConditionExpression: "attribute_not_exists(anonymisedAt)",
                    },
                  },
                ],
              }),
            );
            return "created" as const;
          } catch (error) {
            const [stored, survey] = cancellationCodes(error) ?? [];
            if (stored === "ConditionalCheckFailed") return "exists" as const;
            if (survey === "ConditionalCheckFailed") return "erased" as const;
            if (isContention(error)) return TRY_AGAIN;
            throw error;
          }
        },
        { what: "Storing a webhook delivery" },
      );
    },

    async eraseDelivery(id, at) {
      await eraseDeliveryBody(db, tableName, id, at);
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
