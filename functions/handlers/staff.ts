import middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { powertoolsLog, withLogsAndMetrics } from "../src/adapters/observability/logs-and-metrics.js";
import { composeStaff } from "../src/composition/staff.js";
import { loadConfig } from "../src/config.js";
import { handleHttpApi } from "../src/http/http-api-handler.js";

// Built once per cold start; every request reuses the clients and the app. Logs and metrics (its Lambda context,
// cold starts) but no X-Ray SDK (the
// tracer and its dependencies are about 120 KiB, a sixth of this function): Lambda's active tracing still records
// each sampled invocation, and the staff API's reads are measured by its own metrics.
const config = loadConfig();
const services = await composeStaff(config, { log: powertoolsLog });

/** API Gateway HTTP API (payload v2) → the staff API. */
export const handler = withLogsAndMetrics(
  middy<APIGatewayProxyEventV2>().handler(handleHttpApi(services.app)),
);
