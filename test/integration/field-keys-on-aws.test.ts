import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openField, sealField } from "../../functions/src/adapters/secrets/field-seal.js";
import { loadFieldKeys } from "../../functions/src/adapters/secrets/load-field-keys.js";
import { loadConfig } from "../../functions/src/config.js";

// A loopback Secrets Manager answering each secret's value as a test sets it.
const values: Record<string, unknown> = {};
const asked: string[] = [];
let stub: Server;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  stub = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const { SecretId = "" } = JSON.parse(raw || "{}") as { SecretId?: string };
      asked.push(SecretId);
      const value = values[SecretId];
      response.writeHead(value === undefined ? 400 : 200, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify(
          value === undefined
            ? { __type: "ResourceNotFoundException" }
            : { ARN: SecretId, Name: SecretId, SecretString: JSON.stringify(value) },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const environment = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: "stub",
    AWS_SECRET_ACCESS_KEY: "stub",
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

describe("The field keys on AWS", () => {
  it("are read from their own secret, the newest sealing and an older one still opening what it sealed", async () => {
    const here = { record: "wh_1", field: "secret" };
    values["arn:field-keys"] = { v1: "generated-by-cloudformation-0123456789abcdefghijklmnopqrstuvwxyz01" };
    const before = await loadFieldKeys(
      loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:field-keys", AWS_REGION: "eu-central-1" }),
    );
    const sealedBefore = sealField(before, "whsec_x", here);
    values["arn:field-keys"] = {
      v1: "generated-by-cloudformation-0123456789abcdefghijklmnopqrstuvwxyz01",
      v2: "put-by-a-rotation-0123456789abcdefghijklmnopqrstuvwxyz0123456789",
    };

    const after = await loadFieldKeys(
      loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:field-keys", AWS_REGION: "eu-central-1" }),
    );

    expect(asked).toEqual(["arn:field-keys", "arn:field-keys"]);
    expect(after.current).toBe("v2");
    expect(openField(after, sealedBefore, here).value).toBe("whsec_x");
    expect(sealField(after, "whsec_x", here)).toMatch(/^v2:/);
  });

  it("refuse to start without them, or with a key too short to be random", async () => {
    await expect(loadFieldKeys(loadConfig({}))).rejects.toThrow(
      "Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS",
    );
    values["arn:short"] = { v1: "short" };
    await expect(
      loadFieldKeys(loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:short", AWS_REGION: "eu-central-1" })),
    ).rejects.toThrow("v1 must be at least 32 characters");
  });
});
