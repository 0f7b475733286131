import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** Wraps an AWS client for tracing (Powertools on Lambda); absent, the client goes untraced. */
export type TraceClient = <T>(client: T) => T;

/** A reader of JSON secrets from Secrets Manager, over one client: each call reads a secret by its ARN and parses it. */
export function jsonSecretReader(
  region: string,
  traceClient?: TraceClient,
): (arn: string) => Promise<unknown> {
  const built = new SecretsManagerClient({ region });
  const client = traceClient ? traceClient(built) : built;
  return async (SecretId) => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId }));
    return JSON.parse(SecretString ?? "{}");
  };
}
