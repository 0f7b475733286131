import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import {
  powertoolsLog,
  powertoolsMetrics,
  withLogsAndMetrics,
} from "../src/adapters/observability/logs-and-metrics.js";
import { composePublic } from "../src/composition/public.js";
import { loadConfig } from "../src/config.js";
import { handleHttpApi } from "../src/http/http-api-handler.js";

// Built once per cold start: intake and the requester pages only, so a requester's first click loads little. Logs and
// metrics but no X-Ray SDK (125 KiB): Lambda's active tracing still records each sampled invocation.
const config = loadConfig();
const { app } = await composePublic(config, {
  observability: { log: powertoolsLog, metrics: powertoolsMetrics },
});

/** API Gateway HTTP API (payload v2) → the public app: ticket intake and the `/s/*` pages. */
export const handler = withLogsAndMetrics(middy<APIGatewayProxyEventV2>().handler(handleHttpApi(app)));
