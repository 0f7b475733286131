import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { CONNECTOR_NAMES, type ConnectorName } from "../../functions/src/domain/connectors/connectors.js";

export interface LocalSecrets {
  intakeSecret: string;
  linkSecret: string;
  jwtSecret: string;
  /** Each connector's secret; a tool that signs with its own (Zendesk, GLPI) needs it pasted here instead. */
  connectorSecrets: Record<ConnectorName, string>;
  /** The keys that seal stored webhook credentials, `{ "v1": "..." }` (the newest seals; see field-seal.ts). */
  fieldKeys: Record<string, string>;
}

/** The local data folder: `.data/` beside the project, or `PULSE_DATA_DIR`. */
export function dataDir(): string {
  return resolve(process.env.PULSE_DATA_DIR ?? join(import.meta.dirname, "..", "..", ".data"));
}

/** The file in a data folder that holds its secrets. */
export function secretsFile(folder = dataDir()): string {
  return join(folder, "local-secrets.json");
}

/** Secrets for the local product, generated once and kept in the data folder (environment variables win). */
export async function localSecrets(folder = dataDir()): Promise<LocalSecrets> {
  const file = secretsFile(folder);
  type Stored = Omit<LocalSecrets, "connectorSecrets" | "fieldKeys"> & {
    connectorSecrets?: Partial<Record<ConnectorName, string>>;
    fieldKeys?: Record<string, string>;
  };
  let stored: Stored;
  if (existsSync(file)) {
    stored = JSON.parse(await readFile(file, "utf8")) as Stored;
  } else {
    stored = {
      intakeSecret: randomBytes(24).toString("base64url"),
      linkSecret: randomBytes(32).toString("base64url"),
      jwtSecret: randomBytes(32).toString("base64url"),
    };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  // A data folder from before the connectors (or the field keys) gets their secrets added, keeping the others.
  const connectorSecrets = { ...stored.connectorSecrets } as Record<ConnectorName, string>;
  const missing = CONNECTOR_NAMES.filter((name) => !connectorSecrets[name]);
  for (const name of missing) connectorSecrets[name] = randomBytes(24).toString("base64url");
  const fieldKeys = stored.fieldKeys ?? { v1: randomBytes(32).toString("base64url") };
  if (missing.length > 0 || !stored.fieldKeys) {
    await writeFile(file, JSON.stringify({ ...stored, connectorSecrets, fieldKeys }, null, 2), {
      mode: 0o600,
    });
  }
  return {
    intakeSecret: process.env.PULSE_INTAKE_SECRET ?? stored.intakeSecret,
    linkSecret: process.env.PULSE_LINK_SECRET ?? stored.linkSecret,
    jwtSecret: process.env.AUTH_JWT_SECRET ?? stored.jwtSecret,
    connectorSecrets,
    fieldKeys,
  };
}
