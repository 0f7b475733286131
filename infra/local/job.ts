import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ScheduledJobName } from "../../functions/src/app/jobs/schedules.js";
import type { Clock, Mailer, OutgoingMail } from "../../functions/src/app/ports.js";
import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { dataDir } from "./local-secrets.js";
import { findRunningPulse } from "./running-pulse.js";
import { describeOutcome, makeLocalJobRunner } from "./schedules.js";
import { startLocal } from "./server.js";

// `npm run job -- <job> [--now <iso>] [--month YYYY-MM] [--force]`: one scheduled job, now, over the local data.
const USAGE =
  "usage: npm run job -- reminders|digest|retention|sweep [--now <ISO date or time>] [--month YYYY-MM] [--force]";

const JOBS: Record<string, ScheduledJobName> = {
  reminders: "send-reminders",
  digest: "monthly-digest",
  retention: "retention-sweep",
  sweep: "sweep-invitations",
};

class UsageError extends Error {}

/** A bare date is taken at noon UTC, which is the same calendar day in every time zone from UTC-11 to UTC+11. */
function parseNow(text: string): Date {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(instant) ? Date.parse(instant) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--now "${text}" is not an ISO date or time`);
  const year = new Date(ms).getUTCFullYear();
  if (year < 2000 || year > 2100) throw new UsageError(`--now "${text}" lies outside 2000..2100`);
  return new Date(ms);
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { now: { type: "string" }, month: { type: "string" }, force: { type: "boolean" } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseCommand(argv: string[]) {
  const parsed = readArgs(argv);
  const [name, ...rest] = parsed.positionals;
  const job = name === undefined ? undefined : JOBS[name];
  if (!job || rest.length > 0)
    throw new UsageError(name ? `unknown job "${[name, ...rest].join(" ")}"` : "no job named");
  const { now, month, force } = parsed.values;
  if ((month !== undefined || force) && job !== "monthly-digest") {
    throw new UsageError("--month and --force apply to the digest only");
  }
  if (month !== undefined && !/^(20\d\d|2100)-(0[1-9]|1[0-2])$/.test(month)) {
    throw new UsageError(`--month "${month}" is not a month YYYY-MM in 2000..2100`);
  }
  return { job, now: now === undefined ? undefined : parseNow(now), month, force: force === true };
}

/** Passes each mail on and notes who it went to and its subject once the transport took it. */
function recording(mailer: Mailer, sent: Array<Pick<OutgoingMail, "to" | "subject">>): Mailer {
  return {
    async send(mail) {
      await mailer.send(mail);
      sent.push({ to: mail.to, subject: mail.subject });
    },
  };
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  const folder = dataDir();
  if (!existsSync(join(folder, "local-secrets.json"))) {
    throw new Error(
      `no Pulse data in ${folder}: run \`npm start\` once first, or point PULSE_DATA_DIR at its folder`,
    );
  }
  // DynamoDB Local keeps its data in one file that a second emulator must not open: while `npm start` runs over the
  // same folder, the job uses that emulator (its endpoint is recorded in the folder) instead of starting its own.
  const running = await findRunningPulse(folder);
  // The product's clock starts at --now and runs on from there, so retry delays and claim ages still pass.
  const started = Date.now();
  const clock: Clock | undefined = command.now
    ? { now: () => new Date((command.now as Date).getTime() + (Date.now() - started)) }
    : undefined;
  const sent: Array<Pick<OutgoingMail, "to" | "subject">> = [];
  const pulse = await startLocal({
    port: 0,
    dataDir: folder,
    ...(running ? { dynamoEndpoint: running.dynamoEndpoint } : {}),
    ...(clock ? { clock } : {}),
    mailer: (config) => recording(mailerFor(config), sent),
    env: {
      PUBLIC_BASE_URL:
        process.env.PUBLIC_BASE_URL ?? running?.url ?? `http://localhost:${process.env.PORT ?? 3000}`,
    },
    log: (line) => console.error(line),
  });
  try {
    const at = (clock ?? { now: () => new Date() }).now().toISOString();
    console.log(
      `${command.job} at ${at} over ${folder}` +
        (running ? ` (through the running Pulse's DynamoDB Local, pid ${running.pid})` : ""),
    );
    const outcome = await makeLocalJobRunner(pulse.services)(command.job, {
      month: command.month,
      force: command.force,
    });
    for (const mail of sent) console.log(`  sent to ${mail.to}: ${mail.subject}`);
    console.log(describeOutcome(outcome));
    const failed = typeof outcome.failed === "number" ? outcome.failed : 0;
    if (failed > 0) {
      console.error(`npm run job: ${failed} mail(s) could not be sent; see the lines above`);
      return 1;
    }
    return 0;
  } finally {
    await pulse.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`npm run job: ${message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 1;
}
