import middy from "@middy/core";
import {
  makeRunScheduledJob,
  type ScheduledJobEvent,
  type ScheduledJobResult,
} from "../src/app/digest/run-scheduled-job.js";
import { compose } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

const services = await compose(loadConfig());
const runJob = makeRunScheduledJob({
  sendMonthlyDigest: services.analytics.digestMail.send,
  sendReminders: services.sendReminders,
});

/** EventBridge Scheduler → `{ "job": "monthly-digest" | "send-reminders" }`. */
export const handler = middy<ScheduledJobEvent, ScheduledJobResult>().handler((event) => runJob(event));
