import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { FollowUpRecord, PersonalDataRepository, WebhookDeliveryRecord } from "../../app/ports.js";
import type { Survey } from "../../domain/survey.js";
import { eraseDeliveryBody } from "./delivery-erasure.js";
import {
  erasureKey,
  followUpKey,
  requesterKey,
  surveyKey,
  themeMonthPartition,
  webhookDeliverySurveyKey,
} from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";
import { isConditionFailure } from "./transactions.js";

const KEY_ATTRIBUTES = new Set(["pk", "sk", "type", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "ttl"]);
const ALL_SERVICES = "*";
const NO_SERVICE = "(no service)";

function withoutKeys<T>(item: Record<string, unknown>): T {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) data[name] = value;
  return data as T;
}

async function scanAll(db: DynamoDBDocumentClient, input: ScanCommandInput) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ ...input, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Personal data in the one table. Surveys are found by a scan filtered on the requester key: erasures and access
 * requests are rare, and a scan also finds surveys stored before any index could have named them. The webhook
 * deliveries about a survey are read from the second index, where each delivery is listed under its survey.
 */
export function makeDynamoPersonalDataRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): PersonalDataRepository {
  async function scanSurveys(filter: string, values: Record<string, unknown>) {
    const items = await scanAll(db, {
      TableName: tableName,
      FilterExpression: `#type = :survey AND ${filter}`,
      ExpressionAttributeNames: {
        "#type": TABLE.entityType,
        ...(filter.includes("#key") ? { "#key": "key" } : {}),
        ...(filter.includes("#name") ? { "#name": "name" } : {}),
        ...(filter.includes("#response") ? { "#response": "response", "#comment": "comment" } : {}),
      },
      ExpressionAttributeValues: { ":survey": "survey", ...values },
    });
    return items.map((item) => withoutKeys<Survey>(item));
  }

  async function anonymiseFollowUp(surveyId: string) {
    // A case is versioned by the staff who work it; a note added meanwhile is erased on the next round.
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: followUpKey(surveyId), ConsistentRead: true }),
      );
      if (!Item) return;
      const record = withoutKeys<FollowUpRecord>(Item);
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: followUpKey(surveyId),
            UpdateExpression:
              "SET requesterName = :null, requesterEmail = :null, #comment = :null, notes = :notes",
            ConditionExpression: "version = :version",
            ExpressionAttributeNames: { "#comment": "comment" },
            ExpressionAttributeValues: {
              ":null": null,
              ":notes": record.notes.map((note) => ({ ...note, text: "" })),
              ":version": record.version,
            },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`The follow-up case of survey ${surveyId} kept changing during its erasure`);
  }

  async function dropThemes(survey: Survey) {
    // Snapshots quote comments and term counts carry their words; the next themes read recomputes both.
    const month = survey.day.slice(0, 7);
    const services = [survey.dimensions.service ?? NO_SERVICE, ALL_SERVICES].map(encodeURIComponent);
    const items = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": themeMonthPartition(month) },
      ProjectionExpression: "pk, sk",
    });
    const quoting = items.filter((item) =>
      services.some((service) => {
        const sk = String(item.sk);
        return sk === `SERVICE#${service}` || sk.startsWith(`TERMS#${service}#`);
      }),
    );
    for (const item of quoting) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
  }

  async function deliveriesAbout(surveyId: string): Promise<WebhookDeliveryRecord[]> {
    const items = await queryAll(db, {
      TableName: tableName,
      IndexName: TABLE.indexes.byAlternate.name,
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": webhookDeliverySurveyKey(surveyId, "", "").gsi2pk },
    });
    return items.map((item) => ({
      id: String(item.id),
      webhookId: String(item.webhookId),
      eventType: item.eventType as WebhookDeliveryRecord["eventType"],
      surveyId: String(item.surveyId),
      createdAt: String(item.createdAt),
      erasedAt: typeof item.erasedAt === "string" ? item.erasedAt : null,
    }));
  }

  /** Empties the bodies of a survey's deliveries, keeping their tries; answers how many it emptied. */
  async function eraseDeliveries(surveyId: string, at: string): Promise<number> {
    let erased = 0;
    for (const delivery of await deliveriesAbout(surveyId)) {
      if (delivery.erasedAt !== null) continue;
      if (await eraseDeliveryBody(db, tableName, delivery.id, at)) erased += 1;
    }
    return erased;
  }

  return {
    async recordsOf(key) {
      const surveys = await scanSurveys("requester.#key = :key", { ":key": key });
      const followUps: FollowUpRecord[] = [];
      for (const survey of surveys) {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: followUpKey(survey.surveyId), ConsistentRead: true }),
        );
        if (Item) followUps.push(withoutKeys<FollowUpRecord>(Item));
      }
      const webhookDeliveries: WebhookDeliveryRecord[] = [];
      for (const survey of surveys) webhookDeliveries.push(...(await deliveriesAbout(survey.surveyId)));
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: requesterKey(key), ConsistentRead: true }),
      );
      const profile = Item
        ? {
            optedOut: Item.optedOut === true,
            optedOutAt: Item.optedOutAt as string | undefined,
            lastInvitedAt: Item.lastInvitedAt as string | undefined,
            undeliverable:
              Item.undeliverable === "bounced" || Item.undeliverable === "complained"
                ? (Item.undeliverable as "bounced" | "complained")
                : undefined,
            undeliverableAt: Item.undeliverableAt as string | undefined,
          }
        : undefined;
      return { profile, surveys, followUps, webhookDeliveries };
    },

    surveysWithAddress: () => scanSurveys("attribute_exists(requester.email)", {}),

    surveysWithPersonalDataBefore: (resolvedBefore) =>
      scanSurveys(
        "resolvedAt < :before AND (attribute_exists(requester.email) OR attribute_exists(requester.#name) OR attribute_exists(requester.#key) OR attribute_exists(#response.#comment))",
        { ":before": resolvedBefore },
      ),

    async deleteFollowUp(surveyId) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: followUpKey(surveyId) }));
    },

    async anonymiseSurvey(survey, at) {
      const removed = ["requester.email", "requester.#name", "requester.#key"];
      if (survey.response?.comment !== undefined) removed.push("#response.#comment");
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: surveyKey(survey.surveyId),
          // The mark lets a rating delivery fanned out from a read before this one refuse to be stored or sent after it.
          UpdateExpression: `SET anonymisedAt = if_not_exists(anonymisedAt, :at) REMOVE ${removed.join(", ")}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: {
            "#name": "name",
            "#key": "key",
            ...(removed.length > 3 ? { "#response": "response", "#comment": "comment" } : {}),
          },
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      await anonymiseFollowUp(survey.surveyId);
      await dropThemes(survey);
      return { webhookDeliveries: await eraseDeliveries(survey.surveyId, at) };
    },

    async deleteProfile(key) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: requesterKey(key) }));
    },

    async recordErasure(addressHash, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...erasureKey(addressHash), [TABLE.entityType]: "erasure", erasedAt: at },
        }),
      );
    },

    async erasureLedger() {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": erasureKey("").pk },
      });
      return new Set(items.map((item) => String(item.sk).slice(erasureKey("").sk.length)));
    },
  };
}
