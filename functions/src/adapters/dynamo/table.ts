/**
 * The one definition of Pulse's DynamoDB table: key attributes, indexes, TTL and stream.
 * The CDK stack and the local bootstrap both build the table from this object, so the two
 * places Pulse runs cannot drift apart.
 */
export const TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  entityType: "type",
  ttlAttribute: "ttl",
  indexes: {
    /** Secondary access path 1: listings by a parent (responses by month, initiatives by status, cases by queue). */
    byParent: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** Secondary access path 2: alternative sort orders of the same listings (initiatives by service, cases by due date). */
    byAlternate: { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  },
  stream: "NEW_AND_OLD_IMAGES",
} as const;

import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export type IndexName = (typeof TABLE.indexes)[keyof typeof TABLE.indexes]["name"];

/** The attribute definitions and key schemas of the table, in the shape CreateTable takes. */
export function createTableInput(tableName: string): CreateTableCommandInput & { TableName: string } {
  const indexes = Object.values(TABLE.indexes);
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [
      { AttributeName: TABLE.partitionKey, AttributeType: "S" as const },
      { AttributeName: TABLE.sortKey, AttributeType: "S" as const },
      ...indexes.flatMap((index) => [
        { AttributeName: index.partitionKey, AttributeType: "S" as const },
        { AttributeName: index.sortKey, AttributeType: "S" as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: "HASH" as const },
      { AttributeName: TABLE.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
  };
}
