import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The Java processes whose command line names this data folder. */
function javaProcessesFor(folder: string): string[] {
  try {
    return execFileSync("pgrep", ["-f", `dbPath ${folder}`], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe("npm start", () => {
  it("serves the product, prints how to use it, and stops on SIGTERM leaving no Java process behind", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-start-"));
    const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
      env: { ...process.env, PULSE_DATA_DIR: folder, PORT: "0", PULSE_SEED: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Starting Java and the server takes seconds on a quiet machine and far longer on a loaded one: wait for the event.
    const deadline = Date.now() + 150_000;
    while (!output.includes("Press Ctrl-C to stop") && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).toContain("Pulse is running");
    expect(output).toMatch(/Intake secret: +\S{16,}/);
    expect(output).toContain("npm run token -- analyst|manager|head");
    const url = /API \(OpenAPI\): +(http:\/\/localhost:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(javaProcessesFor(folder)).toHaveLength(1);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(javaProcessesFor(folder)).toEqual([]);
  }, 180_000);

  it("takes DynamoDB Local down with it when it crashes", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-crash-"));
    const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
      env: { ...process.env, PULSE_DATA_DIR: folder, PORT: "0", PULSE_SEED: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 150_000;
    while (!output.includes("Press Ctrl-C to stop") && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(javaProcessesFor(folder)).toHaveLength(1);

    // SIGKILL runs no handler of the server's own: only the watchdog can stop Java now.
    child.kill("SIGKILL");
    const gone = Date.now() + 30_000;
    while (javaProcessesFor(folder).length > 0 && Date.now() < gone) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(javaProcessesFor(folder)).toEqual([]);
  }, 200_000);
});

describe("npm run token", () => {
  it("refuses a data folder that holds no Pulse secrets instead of signing with new ones the server would reject", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-token-"));
    const run = () =>
      execFileSync(process.execPath, ["--import", "tsx", "infra/local/token.ts", "analyst"], {
        env: { ...process.env, PULSE_DATA_DIR: folder, AUTH_JWT_SECRET: "" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });

    expect(run).toThrow(/No Pulse data folder at/);
    expect(existsSync(join(folder, "local-secrets.json"))).toBe(false);
  });
});
