import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import {
  powertoolsLog,
  powertoolsMetrics,
  withLogsAndMetrics,
} from "../src/adapters/observability/logs-and-metrics.js";
import { composeConnectors } from "../src/composition/connectors.js";
import { loadConfig } from "../src/config.js";
import { handleHttpApi } from "../src/http/http-api-handler.js";

// Built once per cold start: the connectors' intake only, apart from the public function's requester pages.
const config = loadConfig();
const { app } = await composeConnectors(config, {
  observability: { log: powertoolsLog, metrics: powertoolsMetrics },
});

/** API Gateway HTTP API (payload v2) → the connectors app: resolved tickets as each ITSM tool sends them. */
export const handler = withLogsAndMetrics(middy<APIGatewayProxyEventV2>().handler(handleHttpApi(app)));
