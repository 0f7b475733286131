import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLocalRequest } from "../../infra/local/loopback.js";
import { type LocalPulse, startLocal } from "../../infra/local/server.js";
import { localEndpoint } from "../helpers/test-services.js";

let pulse: LocalPulse;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pulse-local-edges-"));
  pulse = await startLocal({
    port: 0,
    dataDir,
    dynamoEndpoint: localEndpoint(),
    tableName: `pulse-edges-${randomBytes(6).toString("hex")}`,
    env: { PULSE_RATE_LIMIT_BURST: "5", PULSE_RATE_LIMIT_PER_SECOND: "0.5" },
  });
});

afterAll(async () => {
  await pulse?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Posts to the local sign-in with a Host header of our choosing, as a rebound DNS name would send it. */
function signInAs(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: pulse.port,
        path: "/local/sign-in",
        method: "POST",
        headers: { host, "content-type": "application/json" },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ role: "head" }));
  });
}

describe("The local server's edges", () => {
  it("signs in from this machine by localhost, 127.0.0.1 or [::1] with the port, and refuses other Host names", async () => {
    expect(await signInAs(`localhost:${pulse.port}`)).toBe(200);
    expect(await signInAs(`127.0.0.1:${pulse.port}`)).toBe(200);
    expect(await signInAs(`[::1]:${pulse.port}`)).toBe(200);
    expect(await signInAs(`pulse.attacker.example:${pulse.port}`)).toBe(403);
    expect(await signInAs(`localhost:${pulse.port + 1}`)).toBe(403);
    expect(await signInAs("localhost")).toBe(403);
  });

  it("refuses the sign-in to a client on the LAN even when it names localhost", () => {
    expect(isLocalRequest("192.168.1.20", "localhost:3000", 3000)).toBe(false);
    expect(isLocalRequest("::ffff:10.0.0.7", "localhost:3000", 3000)).toBe(false);
    expect(isLocalRequest("::ffff:127.0.0.1", "localhost:3000", 3000)).toBe(true);
    expect(isLocalRequest("::1", "[::1]:3000", 3000)).toBe(true);
  });

  it("serves the staff app with a CSP that allows only its own files, and nosniff", async () => {
    const response = await fetch(`${pulse.url}/app/`);
    await response.text();
    expect(response.headers.get("content-security-policy")).toMatch(
      /^default-src 'self';.*object-src 'none'/,
    );
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a client that floods the survey pages with 429 and Retry-After, and lets it in again later", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 7; i++) {
      const response = await fetch(`${pulse.url}/s/not-a-real-token-${i}`);
      await response.text();
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }

    expect(statuses.slice(0, 5).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(refused?.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const intake = await fetch(`${pulse.url}/api/v1/tickets/resolved`, { method: "POST", body: "{}" });
    expect(intake.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await fetch(`${pulse.url}/s/not-a-real-token`)).status).not.toBe(429);
  });
});
