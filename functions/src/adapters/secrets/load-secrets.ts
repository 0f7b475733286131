import * as z from "zod/mini";
import type { Config } from "../../config.js";
import { jsonSecretReader, type TraceClient } from "./secrets-manager.js";

/** The secrets Pulse signs and verifies with. */
export interface Secrets {
  intakeSecret: string;
  linkSecret: string;
  /** On AWS: the value CloudFront sends in its origin header, and the one before it while a rotation settles. */
  originSecret?: string;
  previousOriginSecret?: string;
}

const secretShape = z.object({
  intakeSecret: z.string().check(z.minLength(16)),
  linkSecret: z.string().check(z.minLength(16)),
});
/** The origin secret's JSON, as CloudFront's rotation writes it. */
const originSecretShape = z.object({
  originSecret: z.string().check(z.minLength(16)),
  previousOriginSecret: z.optional(z.string().check(z.minLength(16))),
});

/** Reads the secrets from Secrets Manager on AWS, or from the environment locally. */
export async function loadSecrets(
  config: Config,
  options: { traceClient?: TraceClient | undefined } = {},
): Promise<Secrets> {
  if (config.PULSE_SECRETS_ARN) {
    const read = jsonSecretReader(config.AWS_REGION, options.traceClient);
    // The origin secret lives apart, so rotating it never regenerates the intake and link secrets.
    const [secrets, origin] = await Promise.all([
      read(config.PULSE_SECRETS_ARN),
      config.PULSE_ORIGIN_SECRET_ARN ? read(config.PULSE_ORIGIN_SECRET_ARN) : undefined,
    ]);
    return {
      ...secretShape.parse(secrets),
      ...(origin === undefined ? {} : originSecretShape.parse(origin)),
    };
  }
  if (!config.PULSE_INTAKE_SECRET || !config.PULSE_LINK_SECRET) {
    throw new Error(
      "Invalid configuration: set PULSE_SECRETS_ARN, or both PULSE_INTAKE_SECRET and PULSE_LINK_SECRET",
    );
  }
  return { intakeSecret: config.PULSE_INTAKE_SECRET, linkSecret: config.PULSE_LINK_SECRET };
}

/** The origin secrets the HTTP apps accept (the current one and, during a rotation, the previous), if any. */
export function originSecretsOf(secrets: Secrets): string[] | undefined {
  if (!secrets.originSecret) return undefined;
  return [secrets.originSecret, secrets.previousOriginSecret].filter(
    (secret): secret is string => typeof secret === "string" && secret !== "",
  );
}
