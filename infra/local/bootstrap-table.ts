import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, TABLE } from "../../functions/src/adapters/dynamo/table.js";

/** Creates Pulse's table from the shared definition unless it exists; returns whether it was created now. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-central-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
  }
  // Keys, indexes and TTL as on AWS, but no stream: nothing reads one locally, and DynamoDB Local keeps every stream
  // record of every table in one store whose cost grows with each write it holds (measured: a 1,000-row history import
  // took 81 s after the demo seed had written to another table, 10 s without streams).
  const { StreamSpecification: _awsOnly, ...input } = createTableInput(tableName);
  await client.send(new CreateTableCommand(input));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
  client.destroy();
  return true;
}
