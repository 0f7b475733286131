import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";

/** What the app sees as its environment on Lambda: the same bindings as Hono's `hono/aws-lambda` gives. */
export interface HttpApiBindings {
  event: APIGatewayProxyEventV2;
  requestContext: APIGatewayProxyEventV2["requestContext"];
  lambdaContext: Context;
}

type FetchApp = { fetch(request: Request, env: HttpApiBindings): Response | Promise<Response> };

// Lambda passes header values on as they came, and `Headers` takes bytes, not text: Hono percent-encodes non-ASCII ones.
const sanitizeHeaderValue = (value: string) =>
  /[\u0080-\uffff]/.test(value) ? encodeURIComponent(value) : value;

// A body Lambda must base64-encode: anything but text and JSON or XML, or a compressed one (Hono's rule).
const isBinary = (contentType: string | null, contentEncoding: string | null) =>
  (contentType !== null &&
    (/^application\/vnd\.(?:apple\.installer|mozilla\.xul)\+xml\s*(?:;|$)/i.test(contentType) ||
      !/^text\/(?:plain|html|css|javascript|csv)|(?:\/|\+)(?:json|xml)\s*(?:;|$)/i.test(contentType))) ||
  (!!contentEncoding && !/^identity$/i.test(contentEncoding));

function toRequest(event: APIGatewayProxyEventV2): Request {
  const query = event.rawQueryString;
  const host = event.requestContext.domainName ?? event.headers?.host;
  const url = `https://${host}${event.rawPath}${query ? `?${query}` : ""}`;
  const headers = new Headers();
  if (Array.isArray(event.cookies)) headers.set("Cookie", event.cookies.join("; "));
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value) headers.set(name, sanitizeHeaderValue(value));
  }
  const init: RequestInit = { headers, method: event.requestContext.http.method };
  if (event.body) {
    const body = event.isBase64Encoded
      ? Uint8Array.from(atob(event.body), (char) => char.charCodeAt(0))
      : new TextEncoder().encode(event.body);
    init.body = body;
    headers.set("content-length", String(body.length));
  }
  return new Request(url, init);
}

async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const isBase64Encoded = isBinary(
    response.headers.get("content-type"),
    response.headers.get("content-encoding"),
  );
  const result: APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> } = {
    body: isBase64Encoded
      ? Buffer.from(await response.arrayBuffer()).toString("base64")
      : await response.text(),
    statusCode: response.status,
    isBase64Encoded,
    headers: {},
  };
  // Payload 2.0 carries cookies apart from the headers, one string each.
  if (response.headers.has("set-cookie")) {
    result.cookies = response.headers.getSetCookie();
    response.headers.delete("set-cookie");
  }
  response.headers.forEach((value, name) => {
    result.headers[name] = value;
  });
  return result;
}

/**
 * Hono's `handle()` from `hono/aws-lambda`, for API Gateway HTTP API (payload 2.0) events only, which are all that the
 * API routes to the public function: Hono's adapter (5 kB) also reads REST API, load balancer and VPC Lattice events
 * and streams, which this function would load on every cold start for nothing. Requests and results are built as Hono
 * builds them, and a test holds the two to the same results.
 */
export function handleHttpApi(app: FetchApp) {
  return async (event: APIGatewayProxyEventV2, lambdaContext: Context) => {
    let request: Request;
    try {
      request = toRequest(event);
    } catch (error) {
      console.error("Error processing request:", error);
      const status = error instanceof TypeError ? 400 : 500;
      return toResult(new Response(status === 400 ? "Invalid request" : "Internal Server Error", { status }));
    }
    return toResult(await app.fetch(request, { event, requestContext: event.requestContext, lambdaContext }));
  };
}
