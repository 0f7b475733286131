import { createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoPersonalDataRepository } from "../adapters/dynamo/personal-data-repository.js";
import { loadSecrets } from "../adapters/secrets/load-secrets.js";
import { type Clock, systemClock } from "../app/ports.js";
import { makeAddressHash, makeRequesterData } from "../app/requesters/requester-data.js";
import type { Config } from "../config.js";

/**
 * The erasure ledger's replay after a restore from backup (`npm run reapply-erasures`): the restored table and the link
 * secret its ledger is keyed with, and nothing else, so whoever runs it needs only `TABLE_NAME` and `PULSE_SECRETS_ARN`.
 */
export async function composeErasureReplay(config: Config, overrides: { clock?: Clock } = {}) {
  const secrets = await loadSecrets(config);
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  return makeRequesterData({
    personalData: makeDynamoPersonalDataRepository(db, config.TABLE_NAME),
    addressHash: makeAddressHash(secrets.linkSecret),
    clock: overrides.clock ?? systemClock,
  });
}
