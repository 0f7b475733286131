import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubbedCall {
  service: "sqs" | "sesv2";
  operation: string;
  body: Record<string, unknown>;
}

/**
 * A loopback HTTP endpoint answering the few SQS and SES v2 calls Pulse makes, so Lambda handlers run their real AWS
 * SDK code paths here and the test reads exactly what they sent (AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SESV2).
 */
export async function startAwsEndpointStub() {
  const calls: StubbedCall[] = [];
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const target = request.headers["x-amz-target"];
      if (typeof target === "string" && target.startsWith("AmazonSQS.")) {
        const operation = target.slice("AmazonSQS.".length);
        calls.push({ service: "sqs", operation, body });
        const md5 = createHash("md5")
          .update(String(body.MessageBody ?? ""))
          .digest("hex");
        response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        response.end(JSON.stringify({ MessageId: `msg-${calls.length}`, MD5OfMessageBody: md5 }));
        return;
      }
      if (request.url === "/v2/email/outbound-emails") {
        calls.push({ service: "sesv2", operation: "SendEmail", body });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ MessageId: `ses-${calls.length}` }));
        return;
      }
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `unexpected ${request.method} ${request.url}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    environment: {
      AWS_ENDPOINT_URL_SQS: url,
      AWS_ENDPOINT_URL_SESV2: url,
      AWS_ACCESS_KEY_ID: "stub",
      AWS_SECRET_ACCESS_KEY: "stub",
      AWS_REGION: "eu-central-1",
      MAIL_QUEUE_URL: `${url}/111111111111/pulse-mail`,
      MAIL_TRANSPORT: "ses",
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
