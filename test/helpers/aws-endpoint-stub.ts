import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubbedCall {
  service: "sqs" | "sesv2";
  operation: string;
  body: Record<string, unknown>;
}

/** One mail as the SES stub received it, whether or not its caller saw the answer. */
export interface StubbedMail {
  to: string[];
  subject: string;
  html: string;
  headers: Record<string, string>;
  /** The `X-Pulse-Mail-Id` header: the same for every try of one mail. */
  mailId: string | undefined;
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

function mailOf(body: Record<string, unknown>): StubbedMail {
  const simple = (body.Content as { Simple?: Record<string, unknown> } | undefined)?.Simple ?? {};
  const headers = Object.fromEntries(
    ((simple.Headers as Array<{ Name: string; Value: string }> | undefined) ?? []).map((header) => [
      header.Name,
      header.Value,
    ]),
  );
  return {
    to: (body.Destination as { ToAddresses?: string[] } | undefined)?.ToAddresses ?? [],
    subject: (simple.Subject as { Data?: string } | undefined)?.Data ?? "",
    html: (simple.Body as { Html?: { Data?: string } } | undefined)?.Html?.Data ?? "",
    headers,
    mailId: headers["X-Pulse-Mail-Id"],
  };
}

/**
 * A loopback HTTP endpoint answering the few SQS and SES v2 calls Pulse makes, so Lambda handlers run their real AWS
 * SDK code paths here and the test reads exactly what they sent (AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SESV2).
 * A test can make the next send answer late (past the client's timeout, after the mail was taken) or the next
 * enqueue fail, and can hand the queued messages to the mailer as SQS would.
 */
export async function startAwsEndpointStub() {
  const calls: StubbedCall[] = [];
  const queued: string[] = [];
  let taken = 0;
  let nextSendDelayMs = 0;
  let queueDown = false;
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
        response.writeHead(queueDown ? 500 : 200, { "content-type": "application/x-amz-json-1.0" });
        if (queueDown) {
          response.end(
            JSON.stringify({ __type: "com.amazonaws.sqs#InternalError", message: "stubbed outage" }),
          );
          return;
        }
        if (operation === "SendMessageBatch") {
          const entries = (body.Entries as Array<{ Id: string; MessageBody: string }>) ?? [];
          queued.push(...entries.map((entry) => entry.MessageBody));
          const Successful = entries.map((entry, index) => ({
            Id: entry.Id,
            MessageId: `msg-${calls.length}-${index}`,
            MD5OfMessageBody: md5(entry.MessageBody),
          }));
          response.end(JSON.stringify({ Successful, Failed: [] }));
          return;
        }
        queued.push(String(body.MessageBody ?? ""));
        response.end(
          JSON.stringify({
            MessageId: `msg-${calls.length}`,
            MD5OfMessageBody: md5(String(body.MessageBody ?? "")),
          }),
        );
        return;
      }
      if (request.url === "/v2/email/outbound-emails") {
        calls.push({ service: "sesv2", operation: "SendEmail", body });
        const delay = nextSendDelayMs;
        nextSendDelayMs = 0;
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ MessageId: `ses-${calls.length}` }));
        }, delay);
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
    /** Every mail SES received, including one whose answer came too late for its caller. */
    mails: () => calls.filter((call) => call.service === "sesv2").map((call) => mailOf(call.body)),
    /** The bodies of every message enqueued so far. */
    queuedBodies: () => [...queued],
    /** The messages enqueued since the last call, as the SQS event the mailer function receives. */
    takeQueued() {
      const records = queued.slice(taken).map((body, index) => sqsRecord(body, `m${taken + index}`));
      taken = queued.length;
      return { Records: records };
    },
    /** The next SendEmail is taken (the mail counts as received) but answered only after this delay. */
    answerNextSendAfter(ms: number) {
      nextSendDelayMs = ms;
    },
    /** While down, every SQS call fails with a server error (the SDK's own retries included). */
    setQueueDown(down: boolean) {
      queueDown = down;
    },
    environment: {
      AWS_ENDPOINT_URL_SQS: url,
      AWS_ENDPOINT_URL_SESV2: url,
      AWS_ACCESS_KEY_ID: "stub",
      AWS_SECRET_ACCESS_KEY: "stub",
      AWS_REGION: "eu-central-1",
      MAIL_QUEUE_URL: `${url}/111111111111/pulse-mail`,
      MAIL_TRANSPORT: "ses",
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One SQS record as Lambda's event source mapping delivers it. */
export function sqsRecord(body: string, messageId: string) {
  return {
    messageId,
    receiptHandle: `r-${messageId}`,
    body,
    attributes: {},
    messageAttributes: {},
    md5OfBody: md5(body),
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-central-1:111111111111:pulse-mail",
    awsRegion: "eu-central-1",
  };
}
