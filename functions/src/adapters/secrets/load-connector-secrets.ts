import * as z from "zod/mini";
import type { Config } from "../../config.js";
import { CONNECTOR_NAMES, type ConnectorName } from "../../domain/connectors/connectors.js";
import { jsonSecretReader, type TraceClient } from "./secrets-manager.js";

/** Each connector's secret, as the connectors function reads them: a connector left out refuses every delivery. */
export type ConnectorSecrets = Partial<Record<ConnectorName, string>>;

/** The connectors' secrets as they stand now: re-read now and then, so a secret put in place applies without a deploy. */
export type ConnectorSecretsSource = () => Promise<ConnectorSecrets>;

const connectorSecretsShape = z.partialRecord(z.enum(CONNECTOR_NAMES), z.string().check(z.minLength(16)));

/** How long a warm connectors function keeps the secrets it read before reading them again. */
export const CONNECTOR_SECRETS_REFRESH_MS = 5 * 60_000;

/** A source that always answers the same secrets (locally, and in tests). */
export const fixedConnectorSecrets =
  (secrets: ConnectorSecrets): ConnectorSecretsSource =>
  async () =>
    secrets;

/**
 * The connectors' secrets from Secrets Manager on AWS, re-read every few minutes; locally from
 * `PULSE_CONNECTOR_SECRETS`. A tool's own signing secret (Zendesk's, GLPI's) is pasted there by whoever sets it up.
 */
export async function loadConnectorSecrets(
  config: Config,
  options: { traceClient?: TraceClient | undefined; now?: () => number } = {},
): Promise<ConnectorSecretsSource> {
  const arn = config.PULSE_CONNECTOR_SECRETS_ARN;
  if (!arn) {
    const local = config.PULSE_CONNECTOR_SECRETS
      ? (JSON.parse(config.PULSE_CONNECTOR_SECRETS) as unknown)
      : {};
    return fixedConnectorSecrets(connectorSecretsShape.parse(local));
  }
  const read = jsonSecretReader(config.AWS_REGION, options.traceClient);
  const now = options.now ?? Date.now;
  let held = { secrets: connectorSecretsShape.parse(await read(arn)), at: now() };
  return async () => {
    if (now() - held.at < CONNECTOR_SECRETS_REFRESH_MS) return held.secrets;
    try {
      held = { secrets: connectorSecretsShape.parse(await read(arn)), at: now() };
    } catch (error) {
      // The secrets read before stay in force: a passing Secrets Manager error must not refuse every delivery.
      console.warn(
        JSON.stringify({ level: "warn", message: "Connector secrets not re-read", error: String(error) }),
      );
      held = { ...held, at: now() };
    }
    return held.secrets;
  };
}
