import middy from "@middy/core";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { composeStaff } from "../src/composition.js";
import { loadConfig } from "../src/config.js";

// Built once per cold start; every request reuses the clients and the app.
const config = loadConfig();
const services = await composeStaff(config);

/** API Gateway HTTP API (payload v2) → the staff API and its OpenAPI document. */
export const handler = middy<LambdaEvent>().handler(handle(services.app));
