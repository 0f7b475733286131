import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { type LocalPulse, startLocal } from "../../infra/local/server.js";
import { localEndpoint } from "./test-services.js";

/** A local Pulse serving the staff app (built once by the e2e setup) over a table of its own in the shared emulator. */
export async function startStaffAppServer(name: string): Promise<{ pulse: LocalPulse; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), `pulse-${name}-`));
  const pulse = await startLocal({
    port: 0,
    dataDir,
    dynamoEndpoint: localEndpoint(),
    tableName: `pulse-e2e-${randomBytes(6).toString("hex")}`,
  });
  return { pulse, dataDir };
}

/** Calls the staff API as a seeded staff member of a role, expecting a 2xx answer, and returns its JSON body. */
export async function callStaffApi(
  pulse: LocalPulse,
  path: string,
  init: { method?: string; body?: unknown; role?: Role } = {},
): Promise<Record<string, unknown>> {
  const role = init.role ?? "manager";
  const token = await issueLocalToken(pulse.secrets.jwtSecret, {
    id: `seed-${role}`,
    name: `Seed ${role}`,
    role,
  });
  const response = await fetch(`${pulse.url}${path}`, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}
