import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The npm package that carries AWS's DynamoDB Local jar, pinned with the registry's own integrity value. */
export const EMULATOR_PACKAGE = {
  name: "amplify-dynamodb-simulator",
  version: "2.9.30",
  integrity:
    "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==",
} as const;

const projectRoot = resolve(import.meta.dirname, "..", "..");

/** Where the emulator is cached between runs (ignored by git). */
export function emulatorCacheDir(): string {
  return process.env.PULSE_CACHE_DIR
    ? resolve(process.env.PULSE_CACHE_DIR, "dynamodb-local", EMULATOR_PACKAGE.version)
    : join(projectRoot, ".cache", "dynamodb-local", EMULATOR_PACKAGE.version);
}

/** Fetches the emulator once with `npm pack`, verifies the tarball, and keeps only its `emulator/` folder. */
export async function ensureEmulator(log: (line: string) => void = () => {}): Promise<string> {
  const target = emulatorCacheDir();
  if (existsSync(join(target, "DynamoDBLocal.jar"))) return target;
  log(`Fetching DynamoDB Local (${EMULATOR_PACKAGE.name}@${EMULATOR_PACKAGE.version}), once...`);
  const work = await mkdtemp(join(tmpdir(), "pulse-ddb-"));
  try {
    const { stdout } = await run(
      "npm",
      ["pack", `${EMULATOR_PACKAGE.name}@${EMULATOR_PACKAGE.version}`, "--json", "--pack-destination", work],
      { cwd: work, maxBuffer: 32 * 1024 * 1024 },
    );
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error("npm pack returned no file");
    const tarball = join(work, packed.filename.replace(/^@.*\//, "").replace("/", "-"));
    const digest = `sha512-${createHash("sha512")
      .update(await readFile(tarball))
      .digest("base64")}`;
    if (digest !== EMULATOR_PACKAGE.integrity) {
      throw new Error(
        `DynamoDB Local tarball failed its checksum: expected ${EMULATOR_PACKAGE.integrity}, got ${digest}`,
      );
    }
    await run("tar", ["-xzf", tarball, "-C", work, "package/emulator"]);
    await mkdir(resolve(target, ".."), { recursive: true });
    // A rename is atomic, so concurrent first runs never see a half-extracted emulator.
    await rename(join(work, "package", "emulator"), target).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(target, "DynamoDBLocal.jar"))) throw error;
    });
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The folder of a local data folder in which DynamoDB Local keeps its database file. */
export function databaseDir(dataDir: string): string {
  return join(dataDir, "dynamodb");
}

/** Asks the operating system for a port that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Fails with a clear message when no Java 17 or newer is on the PATH. */
export async function checkJava(): Promise<void> {
  let output: string;
  try {
    const result = await run("java", ["-version"]);
    output = `${result.stdout}${result.stderr}`;
  } catch {
    throw new Error(
      "DynamoDB Local needs Java 17 or newer on the PATH (Debian: apt-get install -y openjdk-17-jre-headless).",
    );
  }
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? 0);
  if (major < 17) throw new Error(`DynamoDB Local needs Java 17 or newer; found: ${output.split("\n")[0]}`);
}

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Ends Java at once instead of in the 0.3 s of an orderly stop, for an emulator whose writes have all been answered
   * and so committed by SQLite to its file (which rolls back, from the journal beside it, any write cut off).
   */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Folder for the database file; omitted, the emulator runs in memory. */
  dataDir?: string;
  log?: (line: string) => void;
  /**
   * Resolve once the port listens, sending no request: DynamoDB Local opens its database file only on the first
   * request, so the file can still be put in place after this resolves.
   */
  untilListening?: boolean;
  /**
   * The emulator lives for seconds (a bulk load, then it stops): Java compiles with its quick tier only, which halved
   * both its start-up CPU and the CPU of the demo's bulk load (measured: 2.5 s and 11 s instead of 4.7 s and 20 s).
   */
  shortLived?: boolean;
}

// sqlite4java's native library for this platform, as the emulator ships it in DynamoDBLocal_lib.
const SQLITE_LIBRARIES: Readonly<Record<string, string>> = {
  "linux-x64": "libsqlite4java-linux-amd64.so",
  "linux-arm64": "libsqlite4java-linux-aarch64.so",
  "darwin-x64": "libsqlite4java-osx-x86_64.dylib",
  "darwin-arm64": "libsqlite4java-osx-aarch64.dylib",
  "win32-x64": "sqlite4java-win32-x64.dll",
};

/** The JVM options DynamoDB Local starts with. */
function javaOptions(home: string, shortLived: boolean): string[] {
  const library = SQLITE_LIBRARIES[`${process.platform}-${process.arch}`];
  const libraryFolder = join(home, "DynamoDBLocal_lib");
  return [
    ...(shortLived ? ["-XX:TieredStopAtLevel=1"] : []),
    // The jar passed its checksum when it was fetched, so Java need not verify its classes' bytecode again at each
    // start: a tenth of the start-up's CPU (about 1.45 s against 1.65 s). A Java without the option ignores it.
    "-XX:+IgnoreUnrecognizedVMOptions",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:-BytecodeVerificationRemote",
    "-Xms64m",
    "-Xmx1g",
    // Loaded where it lies, instead of unpacked from the jar into the temp folder at each start and compared there
    // byte by byte, which the first request waited for.
    ...(library && existsSync(join(libraryFolder, library))
      ? [`-Dorg.sqlite.lib.path=${libraryFolder}`, `-Dorg.sqlite.lib.name=${library}`]
      : []),
    `-Djava.library.path=${libraryFolder}`,
  ];
}

/** Starts DynamoDB Local on a free port and resolves once it answers requests. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<RunningDynamoDb> {
  await checkJava();
  const home = await ensureEmulator(options.log);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const storage = options.dataDir ? ["-dbPath", options.dataDir] : ["-inMemory"];
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    const child = spawn(
      "java",
      [
        ...javaOptions(home, options.shortLived ?? false),
        "-jar",
        join(home, "DynamoDBLocal.jar"),
        "-port",
        String(port),
        "-disableTelemetry",
        ...storage,
        // Without -sharedDb each access key would see its own database.
        "-sharedDb",
      ],
      { cwd: home, stdio: ["ignore", "pipe", "pipe"] },
    );
    watchOver(child);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(endpoint, child, options.untilListening ?? false);
      return { endpoint, port, stop: () => stopProcess(child), kill: () => stopProcess(child, "SIGKILL") };
    } catch (error) {
      await stopProcess(child);
      // Another process may have taken the port between our probe and Java's bind.
      if (attempt >= 3) throw error;
    }
  }
}

// A crash (SIGKILL, an out-of-memory kill) runs no exit handler, so Java would live on with its parent gone. A small
// watchdog outside this process stops Java once the parent pid is gone, and leaves by itself when Java ends.
const WATCHDOG = `
const [parent, java] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === "EPERM"; } };
const timer = setInterval(() => {
  if (!alive(java)) process.exit(0);
  if (alive(parent) && process.ppid === parent) return;
  clearInterval(timer);
  try { process.kill(java, "SIGTERM"); } catch {}
  setTimeout(() => { try { process.kill(java, "SIGKILL"); } catch {} process.exit(0); }, 5000).unref();
  const done = setInterval(() => { if (!alive(java)) process.exit(0); }, 100);
}, 250);
`;

/** Starts the watchdog that stops a DynamoDB Local child when this process dies without stopping it. */
function watchOver(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const watchdog = spawn(process.execPath, ["-e", WATCHDOG, String(process.pid), String(child.pid)], {
    stdio: "ignore",
    detached: true,
  });
  watchdog.unref();
}

/** Whether something accepts connections on the port now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once("error", () => resolveProbe(false));
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, untilListening: boolean): Promise<void> {
  let exited = false;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  child.once("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up: ${stderr.trim()}`);
    if (untilListening) {
      if (await listening(Number(new URL(endpoint).port))) return;
      await new Promise((r) => setTimeout(r, 150));
      continue;
    }
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: "{}",
      });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("DynamoDB Local did not answer within 60 s");
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolveStop) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill(signal);
  });
}
