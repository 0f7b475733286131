import middy from "@middy/core";
import { makeDynamoPersonalDataRepository } from "../src/adapters/dynamo/personal-data-repository.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import {
  makeRunScheduledJob,
  type ScheduledJobEvent,
  type ScheduledJobResult,
} from "../src/app/digest/run-scheduled-job.js";
import { makeRetentionSweep } from "../src/app/requesters/retention-sweep.js";
import { composeAnalytics } from "../src/composition/analytics.js";
import { composeCore } from "../src/composition/core.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
// No mailer here: the jobs only queue mails, and the mailer function is the one sender.
const core = composeCore(config, { observability });
const runJob = makeRunScheduledJob({
  sendMonthlyDigest: composeAnalytics(core).digestMail.send,
  sendReminders: core.sendReminders,
  sweepInvitations: core.sweepInvitations,
  sweepExpiredPersonalData: makeRetentionSweep({
    personalData: makeDynamoPersonalDataRepository(core.db, core.tableName),
    clock: core.clock,
    retentionDays: config.RETENTION_DAYS,
  }),
});

/** EventBridge Scheduler → `{ "job": "monthly-digest" | "send-reminders" | "sweep-invitations" | "retention-sweep" }`. */
export const handler = instrument(
  middy<ScheduledJobEvent, ScheduledJobResult>().handler((event) => runJob(event)),
);
