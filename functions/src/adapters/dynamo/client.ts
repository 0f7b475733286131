import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Capacity units that DynamoDB reported as consumed, summed while metering is on. */
export class CapacityMeter {
  read = 0;
  write = 0;
  calls = 0;

  reset(): void {
    this.read = 0;
    this.write = 0;
    this.calls = 0;
  }

  record(consumed: unknown): void {
    const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
    for (const entry of list as Array<{
      ReadCapacityUnits?: number;
      WriteCapacityUnits?: number;
      CapacityUnits?: number;
    }>) {
      this.read += entry.ReadCapacityUnits ?? 0;
      this.write += entry.WriteCapacityUnits ?? 0;
      // Some operations report only a total.
      if (entry.ReadCapacityUnits === undefined && entry.WriteCapacityUnits === undefined) {
        this.read += entry.CapacityUnits ?? 0;
      }
    }
    this.calls += 1;
  }
}

export interface DynamoOptions {
  endpoint?: string | undefined;
  region?: string | undefined;
  /** When given, every call asks DynamoDB for its consumed capacity and adds it here. */
  meter?: CapacityMeter | undefined;
}

/** Builds the document client a process uses for its whole life. */
export function createDocumentClient(options: DynamoOptions = {}): DynamoDBDocumentClient {
  const config: DynamoDBClientConfig = { region: options.region ?? process.env.AWS_REGION ?? "eu-central-1" };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  const client = new DynamoDBClient(config);
  const meter = options.meter;
  if (meter) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= "TOTAL";
        const result = await next(args);
        meter.record((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        return result;
      },
      { step: "initialize", name: "pulseCapacityMeter" },
    );
  }
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
