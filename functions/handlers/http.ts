import middy from "@middy/core";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { makeSesMailer } from "../src/adapters/mail/ses-mailer.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { compose } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

// Built once per cold start; every request reuses the clients and the app.
const config = loadConfig();
// On AWS mail leaves through SES; this function only enqueues invitations, but the reminders share the wiring.
const services = await compose(config, {
  mailer: makeSesMailer({ from: config.MAIL_FROM, traceClient: observability.traceClient }),
  observability,
});

/** API Gateway HTTP API (payload v2) → the Hono app. */
export const handler = instrument(middy<LambdaEvent>().handler(handle(services.app)));
