import type { Log } from "../../app/ports.js";
import type { Config } from "../../config.js";
import { type FieldKeyring, makeFieldKeyring } from "./field-keyring.js";
import { type FieldKeys, fieldKeysOf } from "./field-seal.js";
import { jsonSecretReader, type TraceClient } from "./secrets-manager.js";

type LoadOptions = { traceClient?: TraceClient | undefined };

/**
 * The keys that seal stored credentials (webhook secrets, ITSM tokens): from the `PULSE_FIELD_KEYS_ARN` secret on AWS,
 * from `PULSE_FIELD_KEYS` locally; both hold JSON `{ "v1": "..." }`. One read of their source.
 */
export async function loadFieldKeys(config: Config, options: LoadOptions = {}): Promise<FieldKeys> {
  if (config.PULSE_FIELD_KEYS_ARN) {
    return fieldKeysOf(
      await jsonSecretReader(config.AWS_REGION, options.traceClient)(config.PULSE_FIELD_KEYS_ARN),
    );
  }
  if (!config.PULSE_FIELD_KEYS) {
    throw new Error("Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS");
  }
  return fieldKeysOf(JSON.parse(config.PULSE_FIELD_KEYS));
}

/**
 * The field keys of this configuration as a keyring: read when a credential is first sealed or opened, and read again
 * (at most once a minute) when a stored value names a key this instance does not hold, as during a rotation.
 */
export const fieldKeyringFor = (
  config: Config,
  options: LoadOptions & { now?: () => number; log?: Log | undefined } = {},
): FieldKeyring =>
  makeFieldKeyring(() => loadFieldKeys(config, options), { now: options.now, log: options.log });
