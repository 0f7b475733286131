import middy from "@middy/core";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { compose } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

// Built once per cold start; every request reuses the clients and the app.
const config = loadConfig();
// This function only enqueues mail; the mailer function sends it.
const services = await compose(config, { observability });

/** API Gateway HTTP API (payload v2) → the Hono app. */
export const handler = instrument(middy<LambdaEvent>().handler(handle(services.app)));
