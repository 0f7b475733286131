import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDynamoDb } from "../../infra/local/dynamodb-local.js";
import { holdsDatabase, seedFreshDataFolder } from "../../infra/local/first-run.js";
import { aggregatesAndRecount } from "../helpers/recount.js";

// The first run of `npm start`, as it runs: its own DynamoDB Local instances (one in RAM, one over the data folder),
// so the bulk load does not slow the shared emulator the other test files use.
describe("the first run of a fresh data folder", () => {
  let folder: string;
  let dynamo: RunningDynamoDb | undefined;
  let surveys = 0;
  const lines: Array<{ at: number; line: string }> = [];
  let started = 0;
  let ended = 0;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "pulse-first-run-"));
    started = Date.now();
    const seeded = await seedFreshDataFolder(folder, (line) => lines.push({ at: Date.now(), line }));
    ended = Date.now();
    dynamo = seeded?.dynamo;
    surveys = seeded?.surveys ?? 0;
  }, 240_000);

  afterAll(async () => {
    await dynamo?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it("leaves the demo in the data folder with aggregates that equal a recount of its surveys", async () => {
    expect(holdsDatabase(folder)).toBe(true);
    expect(dynamo).toBeDefined();
    const client = new DynamoDBClient({
      endpoint: (dynamo as RunningDynamoDb).endpoint,
      region: "eu-central-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const db = DynamoDBDocumentClient.from(client);
    try {
      const { stored, recount, surveys: storedSurveys, shardItems } = await aggregatesAndRecount(db, "pulse");
      expect(storedSurveys).toHaveLength(surveys);
      expect(surveys).toBeGreaterThan(2_000);
      expect(Object.keys(recount).length).toBeGreaterThan(1_000);
      expect(stored).toEqual(recount);
      // One item per series and day: the demo's days each count on one shard, which kept the first run short.
      expect(shardItems).toHaveLength(Object.keys(recount).length);
    } finally {
      client.destroy();
    }
  });

  it("prints progress within the first second and then at least every few seconds until seeding ends", () => {
    expect(lines[0]?.at).toBeLessThanOrEqual(started + 1_000);
    const times = [started, ...lines.map((entry) => entry.at), ended];
    const gaps = times.slice(1).map((at, index) => at - (times[index] as number));
    // A line a second; the slack is for a loaded machine, not for silence (seeding used to print nothing for 20 s).
    expect(Math.max(...gaps)).toBeLessThan(5_000);
    const shares = lines
      .filter((entry) => entry.line.includes("seeding demo organisation"))
      .map((entry) => Number(/: (\d+)%/.exec(entry.line)?.[1] ?? Number.NaN))
      .filter((share) => !Number.isNaN(share));
    expect(new Set(shares.filter((share) => share < 100)).size).toBeGreaterThanOrEqual(2);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
  });

  it("finds the seeded data folder on the next start and seeds nothing again", async () => {
    expect(await seedFreshDataFolder(folder, () => {})).toBeUndefined();
  });
});
