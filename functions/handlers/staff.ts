import middy from "@middy/core";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { composeStaff } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

// Built once per cold start; every request reuses the clients and the app.
const config = loadConfig();
const services = await composeStaff(config, { observability });

/** API Gateway HTTP API (payload v2) → the staff API and its OpenAPI document. */
export const handler = instrument(middy<LambdaEvent>().handler(handle(services.app)));
