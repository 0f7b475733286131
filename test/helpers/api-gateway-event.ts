import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** An API Gateway HTTP API (payload format 2.0) event, shaped as the service delivers it. */
export function httpApiEvent(input: {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2 {
  const now = new Date();
  const headers: Record<string, string> = {
    accept: "*/*",
    host: "abc123.execute-api.eu-central-1.amazonaws.com",
    "user-agent": "vitest",
    "x-amzn-trace-id": "Root=1-67890abc-0123456789abcdef01234567",
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    ...Object.fromEntries(
      Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const query = input.query ?? "";
  const queryStringParameters = query
    ? Object.fromEntries([...new URLSearchParams(query).entries()])
    : undefined;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: input.path,
    rawQueryString: query,
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "111111111111",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-central-1.amazonaws.com",
      domainPrefix: "abc123",
      http: {
        method: input.method,
        path: input.path,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "vitest",
      },
      requestId: `req-${now.getTime()}`,
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: false,
  };
}
