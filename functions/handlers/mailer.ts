import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { makeInvitationConsumer } from "../src/app/surveys/invitation-consumer.js";
import { compose } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

const services = await compose(loadConfig());
const consume = makeInvitationConsumer(services.sendInvitation);

/** SQS → one invitation email per message; failed messages go back to the queue, then to its dead-letter queue. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => consume(event.Records));
