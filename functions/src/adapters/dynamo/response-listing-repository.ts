import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ListedResponse, ResponseListing } from "../../app/ports.js";
import type { Score } from "../../domain/survey.js";
import { surveyKey } from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";

// Every attribute goes by a placeholder: several are DynamoDB reserved words.
const PROJECTION = "#surveyId, #day, #ticketId, #title, #dimensions, #response, #requester.#locale";
const NAMES: Record<string, string> = {
  "#surveyId": "surveyId",
  "#day": "day",
  "#ticketId": "ticketId",
  "#title": "title",
  "#dimensions": "dimensions",
  "#response": "response",
  "#requester": "requester",
  "#locale": "locale",
};
const BATCH_GET = 100;

function toListed(item: Record<string, unknown>): ListedResponse | undefined {
  const response = item.response as
    | { score?: Score; comment?: string; reasons?: string[]; respondedAt?: string }
    | undefined;
  if (!response?.score) return undefined;
  const requester = item.requester as { locale?: "pl" | "en" } | undefined;
  return {
    surveyId: item.surveyId as string,
    day: item.day as string,
    ticketId: item.ticketId as string,
    title: (item.title as string | undefined) ?? "",
    dimensions: (item.dimensions as ListedResponse["dimensions"] | undefined) ?? {},
    score: response.score,
    comment: response.comment?.trim() ? response.comment : null,
    reasons: response.reasons ?? [],
    locale: requester?.locale === "en" ? "en" : "pl",
    respondedAt: response.respondedAt ?? "",
  };
}

/** The listing position of a response: its gsi1 sort key, from which the whole start key can be rebuilt. */
function startKey(month: string, after: string) {
  const surveyId = after.slice(after.indexOf("#") + 1);
  const index = TABLE.indexes.byParent;
  return {
    [index.partitionKey]: `RESPONSES#${month}`,
    [index.sortKey]: after,
    ...surveyKey(surveyId),
  };
}

/** Rated responses listed by month in gsi1, read whole for theme extraction or page by page for people. */
export function makeDynamoResponseListing(db: DynamoDBDocumentClient, tableName: string): ResponseListing {
  const index = TABLE.indexes.byParent;
  return {
    async readMonth(month) {
      const items = await queryAll(db, {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: "#pk = :pk",
        ProjectionExpression: PROJECTION,
        ExpressionAttributeNames: { ...NAMES, "#pk": index.partitionKey },
        ExpressionAttributeValues: { ":pk": `RESPONSES#${month}` },
      });
      return items.flatMap((item) => toListed(item) ?? []);
    },

    async page(query) {
      const names: Record<string, string> = { ...NAMES, "#pk": index.partitionKey, "#sk": index.sortKey };
      const values: Record<string, unknown> = {
        ":pk": `RESPONSES#${query.month}`,
        ":from": `${query.from}#`,
        ":to": `${query.to}#\uffff`,
      };
      const filters: string[] = [];
      if (query.service !== undefined) {
        names["#service"] = "service";
        values[":service"] = query.service;
        filters.push("#dimensions.#service = :service");
      }
      if (query.scores && query.scores.length > 0) {
        names["#score"] = "score";
        const placeholders = query.scores.map((score, i) => {
          values[`:score${i}`] = score;
          return `:score${i}`;
        });
        filters.push(`#response.#score IN (${placeholders.join(", ")})`);
      }
      if (query.hasComment !== undefined) {
        names["#comment"] = "comment";
        values[":empty"] = "";
        filters.push(
          query.hasComment
            ? "(attribute_exists(#response.#comment) AND #response.#comment <> :empty)"
            : "(attribute_not_exists(#response.#comment) OR #response.#comment = :empty)",
        );
      }
      const items: ListedResponse[] = [];
      let exclusiveStartKey: Record<string, unknown> | undefined =
        query.after === undefined ? undefined : startKey(query.month, query.after);
      let last: string | null = query.after ?? null;
      // A filter is applied after DynamoDB reads a page, so pages are read until the limit is met or the month ends.
      while (items.length < query.limit) {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index.name,
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
            ProjectionExpression: `${PROJECTION}, #sk`,
            ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: Math.max(50, query.limit * 2),
            ExclusiveStartKey: exclusiveStartKey,
          }),
        );
        const found = page.Items ?? [];
        for (const [position, item] of found.entries()) {
          const listed = toListed(item);
          if (listed) items.push(listed);
          if (items.length === query.limit) {
            const more = position < found.length - 1 || page.LastEvaluatedKey !== undefined;
            return { items, last: more ? (item[index.sortKey] as string) : null, exhausted: !more };
          }
        }
        exclusiveStartKey = page.LastEvaluatedKey;
        last = exclusiveStartKey ? (exclusiveStartKey[index.sortKey] as string) : null;
        if (!exclusiveStartKey) break;
      }
      return { items, last, exhausted: last === null };
    },

    async getMany(surveyIds) {
      const found: ListedResponse[] = [];
      const unique = [...new Set(surveyIds)];
      for (let start = 0; start < unique.length; start += BATCH_GET) {
        let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET).map(surveyKey);
        for (let attempt = 0; keys.length > 0; attempt++) {
          const result = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ProjectionExpression: PROJECTION,
                  ExpressionAttributeNames: NAMES,
                },
              },
            }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            const listed = toListed(item);
            if (listed) found.push(listed);
          }
          keys = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
          if (keys.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
      const order = new Map(unique.map((id, position) => [id, position]));
      return found.sort((a, b) => (order.get(a.surveyId) ?? 0) - (order.get(b.surveyId) ?? 0));
    },
  };
}
