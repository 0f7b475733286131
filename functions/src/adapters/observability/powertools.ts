import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { MiddyfiedHandler } from "@middy/core";
import { powertoolsLog, powertoolsMetrics, withLogsAndMetrics } from "./logs-and-metrics.js";

// Only the SDK clients are traced (captureAWSv3Client): patching every HTTPS request would add a subsegment per call
// twice over. Which invocations are traced at all is X-Ray's sampling rule, not this code. The tracer carries
// aws-xray-sdk-core (about 125 KiB minified), so it lives apart from the logs and metrics that a lean function keeps.
const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "pulse",
  captureHTTPsRequests: false,
});

/** Wraps an AWS SDK v3 client so that each of its calls is a subsegment of the invocation's X-Ray trace. */
export function traceClient<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/** What a Lambda function reports through: the composition's `observability` override. */
export const lambdaObservability = { log: powertoolsLog, metrics: powertoolsMetrics, traceClient };

/** Applies the Powertools middlewares to a handler: Lambda context in the logs, metrics flushed (with cold starts), traced. */
export function instrument<TEvent, TResult>(
  handler: MiddyfiedHandler<TEvent, TResult>,
): MiddyfiedHandler<TEvent, TResult> {
  return withLogsAndMetrics(handler).use(captureLambdaHandler(tracer));
}
