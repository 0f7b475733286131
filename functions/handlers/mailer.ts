import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { makeSesMailer } from "../src/adapters/mail/ses-mailer.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { makeInvitationConsumer } from "../src/app/surveys/invitation-consumer.js";
import { composeCore } from "../src/composition/core.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
const core = composeCore(config, {
  mailer: makeSesMailer({
    from: config.MAIL_FROM,
    configurationSet: config.MAIL_CONFIGURATION_SET,
    traceClient: observability.traceClient,
  }),
  observability,
});
const consume = makeInvitationConsumer(core.sendInvitation);

/** SQS → one invitation email per message; failed messages go back to the queue, then to its dead-letter queue. */
export const handler = instrument(
  middy<SQSEvent, SQSBatchResponse>().handler((event) => consume(event.Records)),
);
