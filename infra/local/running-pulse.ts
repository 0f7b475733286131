import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** What a running `npm start` leaves in its data folder, so that `npm run job` can use its DynamoDB Local. */
export interface RunningPulseRecord {
  pid: number;
  url: string;
  dynamoEndpoint: string;
  startedAt: string;
}

const RECORD_FILE = "running.json";

/** Writes the record of this running Pulse into its data folder; the returned function removes it again. */
export async function recordRunningPulse(
  folder: string,
  pulse: { url: string; dynamoEndpoint: string },
): Promise<() => Promise<void>> {
  const file = join(folder, RECORD_FILE);
  const record: RunningPulseRecord = {
    pid: process.pid,
    url: pulse.url,
    dynamoEndpoint: pulse.dynamoEndpoint,
    startedAt: new Date().toISOString(),
  };
  await writeFile(file, JSON.stringify(record, null, 2));
  return () => rm(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { method: "GET", signal: AbortSignal.timeout(2_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** The Pulse running over a data folder, if its process is alive and its DynamoDB Local answers; a stale record is ignored. */
export async function findRunningPulse(folder: string): Promise<RunningPulseRecord | undefined> {
  let record: Partial<RunningPulseRecord>;
  try {
    record = JSON.parse(await readFile(join(folder, RECORD_FILE), "utf8")) as Partial<RunningPulseRecord>;
  } catch {
    return undefined;
  }
  const { pid, url, dynamoEndpoint, startedAt } = record;
  if (typeof pid !== "number" || typeof url !== "string" || typeof dynamoEndpoint !== "string")
    return undefined;
  if (pid === process.pid || !alive(pid) || !(await answers(dynamoEndpoint))) return undefined;
  return { pid, url, dynamoEndpoint, startedAt: String(startedAt) };
}
