import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { makeSesMailer } from "../src/adapters/mail/ses-mailer.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { loadSecrets } from "../src/adapters/secrets/load-secrets.js";
import { composeAnalytics } from "../src/composition/analytics.js";
import { composeCore } from "../src/composition/core.js";
import { composeMail } from "../src/composition/mail.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
// The link secret derives each mail's link from its claim, so a resend after an unknown outcome carries the same one.
const secrets = await loadSecrets(config, { traceClient: observability.traceClient });
const core = composeCore(config, {
  mailer: makeSesMailer({
    from: config.MAIL_FROM,
    configurationSet: config.MAIL_CONFIGURATION_SET,
    requestTimeoutMs: config.MAIL_SEND_TIMEOUT_MS,
    traceClient: observability.traceClient,
  }),
  secrets,
  observability,
});
const mail = composeMail(core, {
  linkSecret: secrets.linkSecret,
  buildDigest: composeAnalytics(core).buildDigest,
});

/** SQS → one mail per message (invitation, reminder or digest); failed messages are retried, then dead-lettered. */
export const handler = instrument(
  middy<SQSEvent, SQSBatchResponse>().handler((event) => mail.consumeMail(event.Records)),
);
