import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit, Metrics as PowertoolsMetrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { MiddlewareObj, MiddyfiedHandler } from "@middy/core";
import type { Log, Metrics } from "../../app/ports.js";

// One of each per process, at module scope like the SDK clients: Powertools keeps the cold-start flag and the metric
// buffer on the instance, and the middlewares flush it after every invocation.
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "pulse";
const logger = new Logger({ serviceName });
// Metrics reports its own problems as log lines; an invocation with nothing to count (most HTTP reads) is normal
// here, so that warning is dropped rather than written on every request, and the rest go out as JSON.
const metricsDiagnostics = {
  debug: (message: unknown) => logger.debug(String(message)),
  info: (message: unknown) => logger.info(String(message)),
  warn: (message: unknown) => {
    if (!String(message).startsWith("No application metrics to publish")) logger.warn(String(message));
  },
  error: (message: unknown) => logger.error(String(message)),
};
const metrics = new PowertoolsMetrics({ namespace: "Pulse", serviceName, logger: metricsDiagnostics });
/** The `Log` port over the Powertools Logger: one JSON line per call, with the Lambda context and appended keys. */
export const powertoolsLog: Log = {
  info: (message, fields) => logger.info(message, fields ?? {}),
  warn: (message, fields) => logger.warn(message, fields ?? {}),
  error: (message, fields) => logger.error(message, fields ?? {}),
  appendKeys(keys) {
    const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
    logger.appendKeys(defined);
  },
};

/** The `Metrics` port over Powertools Metrics: CloudWatch embedded metric format, namespace `Pulse`. */
export const powertoolsMetrics: Metrics = {
  count(name, value = 1, dimensions) {
    if (!dimensions) {
      metrics.addMetric(name, MetricUnit.Count, value);
      return;
    }
    // A dimension belongs to the whole EMF document, so a metric split by reason goes out on its own line rather
    // than splitting every other metric of the invocation by that reason too.
    const single = metrics.singleMetric();
    single.addDimensions(dimensions);
    single.addMetric(name, MetricUnit.Count, value);
  },
};

/** The API Gateway request id, the one a caller can quote, becomes the correlation id of every line. */
const correlateRequest: MiddlewareObj<unknown> = {
  before(request) {
    const event = request.event as { requestContext?: { requestId?: unknown } } | undefined;
    const requestId = event?.requestContext?.requestId;
    if (typeof requestId === "string") logger.setCorrelationId(requestId);
  },
};

/** Applies the Powertools logging and metrics middlewares: Lambda context in the logs, metrics flushed with cold starts. */
export function withLogsAndMetrics<TEvent, TResult>(
  handler: MiddyfiedHandler<TEvent, TResult>,
): MiddyfiedHandler<TEvent, TResult> {
  return handler
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlateRequest as MiddlewareObj<TEvent, TResult>)
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
