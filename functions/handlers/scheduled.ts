import middy from "@middy/core";
import { makeSesMailer } from "../src/adapters/mail/ses-mailer.js";
import {
  makeRunScheduledJob,
  type ScheduledJobEvent,
  type ScheduledJobResult,
} from "../src/app/digest/run-scheduled-job.js";
import { composeAnalytics } from "../src/composition/analytics.js";
import { composeCore } from "../src/composition/core.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
const core = composeCore(config, { mailer: makeSesMailer({ from: config.MAIL_FROM }) });
const runJob = makeRunScheduledJob({
  sendMonthlyDigest: composeAnalytics(core).digestMail.send,
  sendReminders: core.sendReminders,
});

/** EventBridge Scheduler → `{ "job": "monthly-digest" | "send-reminders" }`. */
export const handler = middy<ScheduledJobEvent, ScheduledJobResult>().handler((event) => runJob(event));
