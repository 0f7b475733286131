import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Config } from "../../config.js";
import { type FieldKeys, fieldKeysOf } from "./field-seal.js";

/**
 * The keys that seal stored credentials (webhook secrets, ITSM tokens): from the `PULSE_FIELD_KEYS_ARN` secret on AWS,
 * from `PULSE_FIELD_KEYS` locally; both hold JSON `{ "v1": "..." }`. Read once per cold start.
 */
export async function loadFieldKeys(
  config: Config,
  options: { traceClient?: (<T>(client: T) => T) | undefined } = {},
): Promise<FieldKeys> {
  if (config.PULSE_FIELD_KEYS_ARN) {
    const built = new SecretsManagerClient({ region: config.AWS_REGION });
    const client = options.traceClient ? options.traceClient(built) : built;
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: config.PULSE_FIELD_KEYS_ARN }),
    );
    return fieldKeysOf(JSON.parse(SecretString ?? "{}"));
  }
  if (!config.PULSE_FIELD_KEYS) {
    throw new Error("Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS");
  }
  return fieldKeysOf(JSON.parse(config.PULSE_FIELD_KEYS));
}
