import { rm } from "node:fs/promises";
import { databaseDir } from "./dynamodb-local.js";
import { holdsDatabase, holdsOnlyAnEmptyTable, seedFreshDataFolder } from "./first-run.js";
import { dataDir } from "./local-secrets.js";
import { recordRunningPulse } from "./running-pulse.js";

// `npm start`: the whole product on this machine, no cloud account needed.
const log = (line: string) => console.log(line);
const folder = dataDir();
const port = Number(process.env.PORT ?? 3000);

// `npm start` asks for the staff app to be bundled too: that runs beside Java's start and the seed instead of before.
const webBuild = process.argv.includes("--build-web")
  ? import("../../web/build.js").then((web) => web.buildWeb())
  : undefined;
// Its failure is reported where it is awaited, below.
webBuild?.catch(() => {});
const seedWanted = process.env.PULSE_SEED !== "off";
// A data folder whose table holds nothing (a first run that never seeded, every item deleted) is a first run too.
if (seedWanted && holdsDatabase(folder) && (await holdsOnlyAnEmptyTable(folder))) {
  log("The data folder's table is empty: seeding the demo afresh.");
  await rm(databaseDir(folder), { recursive: true, force: true });
}
const staged = seedWanted ? await seedFreshDataFolder(folder, log) : undefined;
if (staged)
  log(`  ${staged.surveys} surveys seeded in ${staged.seconds.toFixed(1)} s; starting Pulse over them.`);
// Loaded only now, so a first run prints its first line at once and Java starts while Node loads the product.
const { startLocal } = await Promise.all([import("./server.js"), webBuild]).then(
  ([server]) => server,
  async (error: unknown) => {
    await staged?.dynamo.stop();
    throw error;
  },
);
const pulse = await startLocal({
  port,
  dataDir: folder,
  log,
  ...(staged ? { dynamo: staged.dynamo } : {}),
}).catch(async (error: NodeJS.ErrnoException) => {
  if (error.code !== "EADDRINUSE") throw error;
  await staged?.dynamo.stop();
  console.error(
    `Port ${port} is in use (another Pulse, or another program): stop it, or start on another port, e.g. PORT=${port + 1} npm start`,
  );
  process.exit(1);
});
const forgetRunning = await recordRunningPulse(folder, pulse);
let stopSchedules = () => {};
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping Pulse...`);
  stopSchedules();
  await forgetRunning();
  await pulse.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
// `npm start` runs this under a shell that a SIGTERM to npm ends without passing the signal on: when the process that
// started this one is gone (this one is handed to init), stop as if signalled, Java included.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown("parent process gone");
}, 500).unref();

if (pulse.tableCreated && seedWanted && !staged) {
  // A database without Pulse's table: seed it in place.
  log("First run: creating the demo organisation.");
  const { seedDemo } = await import("./seed.js");
  const seeded = await seedDemo(pulse.services, log);
  log(`  ${seeded.surveys} surveys seeded in ${seeded.seconds.toFixed(1)} s.`);
}
const { startLocalSchedules } = await import("./schedules.js");
stopSchedules = startLocalSchedules(pulse.services, log);

log(`
Pulse is running.
  Staff app:        ${pulse.url}/app/
  API (OpenAPI):    ${pulse.url}/api/openapi.json
  Ticket intake:    POST ${pulse.url}/api/v1/tickets/resolved
  Intake secret:    ${pulse.secrets.intakeSecret}
                    (X-Pulse-Timestamp: <Unix seconds>; X-Pulse-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">)
  Connectors:       POST ${pulse.url}/api/v1/tickets/resolved/<servicenow|jira|zendesk|freshservice|glpi>
                    (secrets in ${folder}/local-secrets.json; docs/connectors/<tool>.md)
  Staff token:      npm run token -- analyst|manager|head
  Outgoing email:   ${pulse.services.config.mailTransport === "outbox" ? `${pulse.services.config.OUTBOX_DIR} (.eml files)` : pulse.services.config.mailTransport}
  Data:             ${folder} (delete it to start afresh)
  DynamoDB Local:   ${pulse.dynamoEndpoint}
Press Ctrl-C to stop.`);
