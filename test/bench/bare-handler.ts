/**
 * The yardstick for the bundles: a bare Hono handler with one DynamoDB document client and nothing of Pulse, bundled
 * with the same options as the functions, so the difference in import time is what Pulse itself adds.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
const app = new Hono().get("/item/:id", async (c) => {
  const { Item } = await db.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: c.req.param("id"), sk: "A" } }),
  );
  return c.json(Item ?? {});
});

/** API Gateway HTTP API → one DynamoDB read. */
export const handler = handle(app);
