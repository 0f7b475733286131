import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONNECTOR_SECRETS_REFRESH_MS,
  loadConnectorSecrets,
} from "../../functions/src/adapters/secrets/load-connector-secrets.js";
import { loadConfig } from "../../functions/src/config.js";

// A loopback Secrets Manager: each secret's value as a test sets it, or an error while `down`.
const values: Record<string, unknown> = {};
let down = false;
let reads = 0;
let stub: Server;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  stub = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      reads += 1;
      const { SecretId } = JSON.parse(raw || "{}") as { SecretId?: string };
      const value = SecretId === undefined ? undefined : values[SecretId];
      const ok = !down && value !== undefined;
      response.writeHead(ok ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify(
          ok
            ? { ARN: SecretId, Name: SecretId, SecretString: JSON.stringify(value) }
            : { __type: "InternalServiceError" },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const environment = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: "stub",
    AWS_SECRET_ACCESS_KEY: "stub",
    // One try per read: a test that takes the stub down sees the failure at once.
    AWS_MAX_ATTEMPTS: "1",
  };
  for (const [key, value] of Object.entries(environment)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

describe("The connectors' secrets on AWS", () => {
  it("are read again after a few minutes, so a secret put in place applies without a deploy, and kept while unreadable", async () => {
    values["arn:connectors"] = { servicenow: "servicenow-secret-one-0123" };
    let clock = 0;
    const config = loadConfig({ PULSE_CONNECTOR_SECRETS_ARN: "arn:connectors", AWS_REGION: "eu-central-1" });
    const connectorSecrets = await loadConnectorSecrets(config, { now: () => clock });
    expect(await connectorSecrets()).toEqual({ servicenow: "servicenow-secret-one-0123" });

    values["arn:connectors"] = {
      servicenow: "servicenow-secret-one-0123",
      zendesk: "zendesk-signing-secret-0123",
    };
    clock += CONNECTOR_SECRETS_REFRESH_MS - 1;
    const before = reads;
    expect((await connectorSecrets()).zendesk).toBeUndefined();
    expect(reads).toBe(before);

    clock += 1;
    expect((await connectorSecrets()).zendesk).toBe("zendesk-signing-secret-0123");

    down = true;
    clock += CONNECTOR_SECRETS_REFRESH_MS;
    expect((await connectorSecrets()).zendesk).toBe("zendesk-signing-secret-0123");
    down = false;
  });

  it("refuse to start on a connector name Pulse does not have, or a secret too short to guess", async () => {
    const config = loadConfig({ PULSE_CONNECTOR_SECRETS_ARN: "arn:bad", AWS_REGION: "eu-central-1" });
    values["arn:bad"] = { remedy: "remedy-secret-0123456789" };
    await expect(loadConnectorSecrets(config)).rejects.toThrow();
    values["arn:bad"] = { servicenow: "short" };
    await expect(loadConnectorSecrets(config)).rejects.toThrow();
  });
});
