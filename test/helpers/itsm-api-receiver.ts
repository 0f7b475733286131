import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceivedRequest } from "./webhook-receiver.js";

/** What a fake ITSM API answers to one request. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/**
 * An HTTP server on 127.0.0.1 (a free port) that stands in for an ITSM tool's REST API: it records every request and
 * answers each with what `answer` makes of it (and of how many came before), as JSON.
 */
export async function startFakeItsmApi(answer: (request: ReceivedRequest, index: number) => FakeAnswer) {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const taken: ReceivedRequest = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(taken);
      const { status, body } = answer(taken, received.length - 1);
      response.statusCode = status;
      response.setHeader("content-type", "application/json");
      response.end(body === undefined ? "" : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
