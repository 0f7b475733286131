import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSesMailer } from "../../functions/src/adapters/mail/ses-mailer.js";
import { makeSmtpMailer } from "../../functions/src/adapters/mail/smtp-mailer.js";
import type { OutgoingMail } from "../../functions/src/app/ports.js";

const mail: OutgoingMail = {
  to: "anna@example.com",
  subject: "[INC0012345] Jak się spisaliśmy? VPN drops",
  html: '<p>Oceń: <a href="http://pulse.test/s/abc?score=5">5 — Bardzo dobrze</a></p>',
  text: "Oceń: http://pulse.test/s/abc?score=5",
  headers: {
    "List-Unsubscribe": "<http://pulse.test/s/abc/opt-out>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
};

describe("Sending through SMTP", () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => {
          data += chunk.toString("utf8");
        });
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("delivers the invitation to a real SMTP server with both parts and the unsubscribe headers", async () => {
    const mailer = makeSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: "Pulse <pulse@example.com>" });
    await mailer.send(mail);
    mailer.close();
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.from).toBe("pulse@example.com");
    expect(message?.to).toEqual(["anna@example.com"]);
    const parsed = await simpleParser(message?.data ?? "");
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text).toContain("score=5");
    expect(parsed.html).toContain("Bardzo dobrze");
    expect(message?.data).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(message?.data).toMatch(/^List-Unsubscribe: <http:\/\/pulse.test\/s\/abc\/opt-out>\r?$/m);
  });
});

describe("Sending through Amazon SES v2", () => {
  it("sends subject, both bodies and the unsubscribe headers in the SES v2 request", async () => {
    // A loopback endpoint stands in for the SES API, to read exactly what the adapter sends over HTTP.
    const requests: Array<{ path: string; body: string }> = [];
    const api = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        requests.push({ path: request.url ?? "", body });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ MessageId: "0100018c-test" }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const client = new SESv2Client({
      endpoint,
      region: "eu-central-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    await makeSesMailer({ from: "pulse@example.com", client }).send(mail);
    await new Promise<void>((resolve) => api.close(() => resolve()));

    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe("/v2/email/outbound-emails");
    const sent = JSON.parse(requests[0]?.body ?? "{}") as {
      FromEmailAddress: string;
      Destination: { ToAddresses: string[] };
      Content: {
        Simple: {
          Subject: { Data: string };
          Body: { Text: { Data: string }; Html: { Data: string } };
          Headers: Array<{ Name: string; Value: string }>;
        };
      };
    };
    expect(sent.FromEmailAddress).toBe("pulse@example.com");
    expect(sent.Destination.ToAddresses).toEqual(["anna@example.com"]);
    expect(sent.Content.Simple.Subject.Data).toBe(mail.subject);
    expect(sent.Content.Simple.Body.Text.Data).toBe(mail.text);
    expect(sent.Content.Simple.Body.Html.Data).toBe(mail.html);
    expect(sent.Content.Simple.Headers).toContainEqual({
      Name: "List-Unsubscribe-Post",
      Value: "List-Unsubscribe=One-Click",
    });
  });
});

describe("The From address that SES is given", () => {
  it("carries a non-ASCII display name RFC 2047-encoded, and the configuration set", async () => {
    const bodies: string[] = [];
    const api = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        bodies.push(body);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ MessageId: "0100018c-test" }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const client = new SESv2Client({
      endpoint: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      region: "eu-central-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    await makeSesMailer({ from: "Dział IT <it@example.com>", client, configurationSet: "pulse-mail" }).send(
      mail,
    );
    await new Promise<void>((resolve) => api.close(() => resolve()));

    const sent = JSON.parse(bodies[0] ?? "{}") as { FromEmailAddress: string; ConfigurationSetName: string };
    expect(sent.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from("Dział IT").toString("base64")}?= <it@example.com>`,
    );
    expect(sent.ConfigurationSetName).toBe("pulse-mail");
  });

  it("refuses a sender that is no address before any mail is sent", () => {
    expect(() => makeSesMailer({ from: "Pulse pulse@example.com" })).toThrow(/MAIL_FROM/);
  });
});
