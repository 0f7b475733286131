import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { powertoolsLog, withLogsAndMetrics } from "../src/adapters/observability/logs-and-metrics.js";
import { composeWebhooks } from "../src/composition/webhooks.js";
import { loadConfig } from "../src/config.js";
import { handleHttpApi } from "../src/http/http-api-handler.js";

const config = loadConfig();
const services = await composeWebhooks(config, { log: powertoolsLog });

/** API Gateway HTTP API (payload v2) → `/api/v1/webhooks`: heads register webhooks, read the log, redeliver. */
export const handler = withLogsAndMetrics(
  middy<APIGatewayProxyEventV2>().handler(handleHttpApi(services.app)),
);
