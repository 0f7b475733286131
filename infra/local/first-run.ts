import { constants, existsSync, readdirSync } from "node:fs";
import { access, cp, mkdtemp, readdir, rename, rm, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { databaseDir, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb-local.js";
import { startSeedProgress } from "./seed-progress.js";
import type { LocalPulse } from "./server.js";

/** Whether a data folder already holds a DynamoDB Local database (so it is not a first run). */
export function holdsDatabase(dataDir: string): boolean {
  const folder = databaseDir(dataDir);
  return existsSync(folder) && readdirSync(folder).length > 0;
}

// DynamoDB Local on disk commits every item to SQLite with its own fsync: the demo's 18,600 items took 105 s into a
// data folder on ext4 and 16 s into a folder in RAM, one after the other on the same loaded machine. So the demo is
// written into a folder in RAM and its finished database file moved into the data folder.
async function stagingRoot(): Promise<string> {
  const ram = "/dev/shm";
  try {
    await access(ram, constants.W_OK);
    return ram;
  } catch {
    return tmpdir();
  }
}

const STAGING_PREFIX = "pulse-seed-";

/** Removes staging folders left in RAM by first runs that were killed outright (their process is gone). */
async function removeAbandonedStaging(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(name.slice(STAGING_PREFIX.length).split("-")[0]);
    if (!name.startsWith(STAGING_PREFIX) || !Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the database in a data folder holds nothing worth keeping: Pulse's table alone, without a single item (or
 * no table at all). Asked of a DynamoDB Local started over the folder for the question and stopped again.
 */
export async function holdsOnlyAnEmptyTable(dataDir: string, tableName = "pulse"): Promise<boolean> {
  const dynamo = await startDynamoDbLocal({ dataDir: databaseDir(dataDir), log: () => {}, shortLived: true });
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (TableNames.some((name) => name !== tableName)) return false;
    if (TableNames.length === 0) return true;
    const { Count = 0 } = await client.send(
      new ScanCommand({ TableName: tableName, Limit: 1, Select: "COUNT" }),
    );
    return Count === 0;
  } finally {
    await dynamo.stop();
  }
}

/** Puts a finished database folder in place in one rename, so a data folder never holds half a demo. */
async function moveDatabase(from: string, to: string): Promise<void> {
  const partial = `${to}.partial`;
  await rm(partial, { recursive: true, force: true });
  await cp(from, partial, { recursive: true });
  // Only an empty folder can be here (holdsDatabase said so); rmdir refuses anything else.
  await rmdir(to).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(partial, to);
}

/** Whether DynamoDB Local over the data folder, once asked, holds Pulse's table. */
async function holdsTable(endpoint: string, tableName: string): Promise<boolean> {
  // Loaded here, not up front, so the first line of a first run is not held up by the SDK.
  const { DescribeTableCommand, DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-central-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * On a first run (a data folder with no database yet; otherwise undefined) seeds the demo organisation into a DynamoDB
 * Local whose database lives in RAM, printing progress from the first line on, moves the finished database into the
 * data folder and hands back the DynamoDB Local that serves it from there.
 */
export async function seedFreshDataFolder(
  dataDir: string,
  log: (line: string) => void,
  tableName = "pulse",
): Promise<{ surveys: number; seconds: number; dynamo: RunningDynamoDb } | undefined> {
  if (holdsDatabase(dataDir)) return undefined;
  const started = Date.now();
  log("First run: creating the demo organisation.");
  const progress = startSeedProgress(log);
  progress.step("starting DynamoDB Local");
  const root = await stagingRoot();
  await removeAbandonedStaging(root);
  const staging = await mkdtemp(join(root, `${STAGING_PREFIX}${process.pid}-`));
  const stagedDatabase = databaseDir(staging);
  const running: RunningDynamoDb[] = [];
  let pulse: LocalPulse | undefined;
  let handedOver = false;
  const launch = (options: Parameters<typeof startDynamoDbLocal>[0]) =>
    startDynamoDbLocal({ log, ...options }).then((dynamo) => {
      running.push(dynamo);
      return dynamo;
    });
  const stopAll = async () => {
    await pulse?.stop();
    pulse = undefined;
    for (const dynamo of running.splice(0)) await dynamo.stop();
  };
  // Ctrl-C while seeding: stop Java and leave nothing behind in RAM, and nothing in the data folder.
  const interrupted = () => {
    void stopAll()
      .then(() => rm(staging, { recursive: true, force: true }))
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const seeding = launch({ dataDir: stagedDatabase, shortLived: true });
  let serving: Promise<RunningDynamoDb> | undefined;
  try {
    const [stagingDb, server, seed] = await Promise.all([
      seeding,
      import("./server.js"),
      import("./seed.js"),
    ]);
    // The Java over the data folder starts only now: started with the other, the two shared 2 cores with Node's loading
    // and the seed began after 2.7 s instead of 1.5 s; now its start-up overlaps the bulk load. It gets no request until
    // the seeded database is in place, so it never opens a file of its own, and it too runs the quick tier only, since
    // this one session is a demo.
    serving = launch({ dataDir: databaseDir(dataDir), untilListening: true, shortLived: true });
    progress.step("creating the table");
    pulse = await server.startLocal({ port: 0, dataDir, dynamoEndpoint: stagingDb.endpoint, tableName });
    const seeded = await seed.seedDemo(pulse.services, log, progress);
    progress.step("moving the demo into the data folder");
    await pulse.stop();
    pulse = undefined;
    // Every write of the seed has been answered, so the file is whole: no orderly stop to wait for.
    await stagingDb.kill();
    running.splice(running.indexOf(stagingDb), 1);
    await moveDatabase(stagedDatabase, databaseDir(dataDir));
    let dynamo = await serving;
    if (!(await holdsTable(dynamo.endpoint, tableName))) {
      // It opened a file before the move after all (another DynamoDB Local version): a restart reads the moved one.
      await dynamo.stop();
      running.splice(running.indexOf(dynamo), 1);
      dynamo = await launch({ dataDir: databaseDir(dataDir) });
    }
    handedOver = true;
    return { surveys: seeded.surveys, seconds: (Date.now() - started) / 1000, dynamo };
  } finally {
    progress.stop();
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await Promise.allSettled([seeding, serving]);
    if (!handedOver) await stopAll();
    await rm(staging, { recursive: true, force: true });
  }
}
