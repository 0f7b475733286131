import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { webhookDeliveryKey } from "./keys.js";
import { isConditionFailure } from "./transactions.js";

/** Empties a delivery's body and marks it erased, keeping its tries; false when the log no longer holds it. */
export async function eraseDeliveryBody(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  at: string,
): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookDeliveryKey(id),
        UpdateExpression: "SET #body = :empty, erasedAt = :at",
        // An item the TTL removed meanwhile is not brought back as a husk.
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#body": "body" },
        ExpressionAttributeValues: { ":empty": "", ":at": at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
