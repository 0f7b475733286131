import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import type { Config } from "../../config.js";
import { CONNECTOR_NAMES, type ConnectorName } from "../../domain/connectors/connectors.js";
import { originSecretShape, originSecretsOf } from "./load-secrets.js";

/** Each connector's secret, as the connectors function reads them: a connector left out refuses every delivery. */
export type ConnectorSecrets = Partial<Record<ConnectorName, string>>;

const connectorSecretsShape = z.partialRecord(z.enum(CONNECTOR_NAMES), z.string().check(z.minLength(16)));

/**
 * Reads the connectors' secrets (and the origin secrets) from Secrets Manager on AWS, or locally from
 * `PULSE_CONNECTOR_SECRETS`; a tool's own signing secret (Zendesk's, GLPI's) is pasted there by whoever sets it up.
 */
export async function loadConnectorSecrets(
  config: Config,
  options: { traceClient?: (<T>(client: T) => T) | undefined } = {},
): Promise<{ connectorSecrets: ConnectorSecrets; originSecrets?: string[] | undefined }> {
  if (config.PULSE_CONNECTOR_SECRETS_ARN) {
    const built = new SecretsManagerClient({ region: config.AWS_REGION });
    const client = options.traceClient ? options.traceClient(built) : built;
    const read = async (SecretId: string): Promise<unknown> => {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId }));
      return JSON.parse(SecretString ?? "{}");
    };
    const [connectors, origin] = await Promise.all([
      read(config.PULSE_CONNECTOR_SECRETS_ARN),
      config.PULSE_ORIGIN_SECRET_ARN ? read(config.PULSE_ORIGIN_SECRET_ARN) : undefined,
    ]);
    return {
      connectorSecrets: connectorSecretsShape.parse(connectors),
      originSecrets:
        origin === undefined
          ? undefined
          : originSecretsOf({ intakeSecret: "", linkSecret: "", ...originSecretShape.parse(origin) }),
    };
  }
  const local = config.PULSE_CONNECTOR_SECRETS ? (JSON.parse(config.PULSE_CONNECTOR_SECRETS) as unknown) : {};
  return { connectorSecrets: connectorSecretsShape.parse(local) };
}
