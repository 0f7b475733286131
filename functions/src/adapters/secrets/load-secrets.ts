import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import type { Config } from "../../config.js";

/** The secrets Pulse signs and verifies with. */
export interface Secrets {
  intakeSecret: string;
  linkSecret: string;
}

const secretShape = z.object({
  intakeSecret: z.string().check(z.minLength(16)),
  linkSecret: z.string().check(z.minLength(16)),
});

/** Reads the secrets from Secrets Manager on AWS, or from the environment locally. */
export async function loadSecrets(
  config: Config,
  options: { traceClient?: (<T>(client: T) => T) | undefined } = {},
): Promise<Secrets> {
  if (config.PULSE_SECRETS_ARN) {
    const built = new SecretsManagerClient({ region: config.AWS_REGION });
    const client = options.traceClient ? options.traceClient(built) : built;
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: config.PULSE_SECRETS_ARN }),
    );
    return secretShape.parse(JSON.parse(SecretString ?? "{}"));
  }
  if (!config.PULSE_INTAKE_SECRET || !config.PULSE_LINK_SECRET) {
    throw new Error(
      "Invalid configuration: set PULSE_SECRETS_ARN, or both PULSE_INTAKE_SECRET and PULSE_LINK_SECRET",
    );
  }
  return { intakeSecret: config.PULSE_INTAKE_SECRET, linkSecret: config.PULSE_LINK_SECRET };
}
