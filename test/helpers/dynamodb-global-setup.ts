import type { TestProject } from "vitest/node";
import { type RunningDynamoDb, startDynamoDbLocal } from "../../infra/local/dynamodb-local.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

// Global setups of all projects run in the one main process: keep one emulator there, counted by its users.
const shared = globalThis as typeof globalThis & {
  pulseDynamo?: { starting: Promise<RunningDynamoDb>; users: number };
};

/** One in-memory DynamoDB Local for the whole run, shared by every project that needs it; each test file makes its own table. */
export default async function setup(project: TestProject) {
  shared.pulseDynamo ??= { starting: startDynamoDbLocal(), users: 0 };
  const entry = shared.pulseDynamo;
  entry.users += 1;
  const dynamo = await entry.starting;
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    entry.users -= 1;
    if (entry.users === 0) {
      shared.pulseDynamo = undefined;
      await dynamo.stop();
    }
  };
}
