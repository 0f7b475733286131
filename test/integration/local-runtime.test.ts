import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
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

/** Starts a command in a fresh data folder's environment and collects what it prints until it exits. */
function launch(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async ready() {
      const deadline = Date.now() + 150_000;
      while (!output.includes("Press Ctrl-C to stop") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toContain("Pulse is running");
    },
  };
}

/** Every process below a pid, children first found by their parent. */
function descendantsOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("A newcomer's npm start", () => {
  it("seeds a data folder whose table exists but holds nothing", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-empty-"));
    const bare = launch(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
      PULSE_DATA_DIR: folder,
      PULSE_SEED: "off",
    });
    await bare.ready();
    bare.child.kill("SIGTERM");
    expect(await bare.exited).toBe(0);

    const again = launch(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
      PULSE_DATA_DIR: folder,
    });
    await again.ready();
    expect(again.output()).toContain("table is empty");
    expect(again.output()).toMatch(/\d+ surveys seeded/);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 300_000);

  it("stops every process it started when the npm process alone gets SIGTERM", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-npm-"));
    const npm = launch("npm", ["start", "--silent"], { PULSE_DATA_DIR: folder, PULSE_SEED: "off" });
    await npm.ready();
    const started = descendantsOf(npm.child.pid ?? 0);
    expect(javaProcessesFor(folder)).toHaveLength(1);

    npm.child.kill("SIGTERM");
    await npm.exited;
    await expect.poll(() => started.filter(alive), { timeout: 20_000 }).toEqual([]);
    expect(javaProcessesFor(folder)).toEqual([]);
  }, 240_000);

  it("says in one line that the port is taken, and leaves no Java behind", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-port-"));
    const taken = createServer().listen(0);
    await new Promise((resolve) => taken.once("listening", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const start = launch(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
        PULSE_DATA_DIR: folder,
        PULSE_SEED: "off",
        PORT: String(port),
      });
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain(`Port ${port} is in use`);
      expect(start.output()).not.toContain("EADDRINUSE");
      expect(javaProcessesFor(folder)).toEqual([]);
    } finally {
      taken.close();
    }
  }, 240_000);
});
