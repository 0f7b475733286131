import middy from "@middy/core";
import type { SNSEvent } from "aws-lambda";
import { createDocumentClient } from "../src/adapters/dynamo/client.js";
import { makeDynamoSurveyRepository } from "../src/adapters/dynamo/survey-repository.js";
import { mailFeedbackOf } from "../src/adapters/mail/ses-feedback.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { makeMailSuppression } from "../src/app/requesters/mail-suppression.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
const db = createDocumentClient({
  endpoint: config.DYNAMODB_ENDPOINT,
  region: config.AWS_REGION,
  requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  traceClient: observability.traceClient,
});
const suppress = makeMailSuppression({
  surveys: makeDynamoSurveyRepository(db, config.TABLE_NAME),
  ...observability,
});

/** SNS (the SES configuration set's event destination) → bounced and complaining addresses are never mailed again. */
export const handler = instrument(
  middy<SNSEvent, { marked: number }>().handler((event) => suppress(mailFeedbackOf(event))),
);
