import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { WebhookPoster } from "../../app/outbound/outbound-ports.js";
import { isPrivateAddress, type WebhookTargets } from "../../domain/outbound/webhook-target.js";

/**
 * Resolves a receiver's host and refuses private, loopback and link-local addresses. It runs as the connection's own
 * lookup, so the address checked is the address connected to: a name that resolves to a public address at
 * registration and to 169.254.169.254 later (DNS rebinding) is refused when it matters.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as LookupAddress[];
    const refused = list.find((entry) => isPrivateAddress(entry.address));
    if (refused || list.length === 0) {
      return callback(
        new Error(`${hostname} resolves to a private address; webhooks reach public hosts only`),
        "",
        0,
      );
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    const [first] = list as [LookupAddress];
    return callback(null, first.address, first.family);
  });
};

/** How much of an answer is kept: enough for a record's id or a session token, never a whole page. */
const ANSWER_LIMIT_BYTES = 64 * 1024;

/**
 * Sends with Node's own HTTP client: no redirects followed (a 3xx counts as a failure), the first 64 KiB of the answer
 * kept and the rest dropped, every try bounded by `timeoutMs`. With `public` targets only https to public addresses
 * is allowed.
 */
export function makeHttpWebhookPoster(options: {
  timeoutMs: number;
  targets: WebhookTargets;
}): WebhookPoster {
  return {
    post(url, body, headers, method = "POST") {
      const target = new URL(url);
      if (options.targets === "public" && target.protocol !== "https:") {
        return Promise.reject(new Error("Webhooks reach https URLs only"));
      }
      // Node connects to an IP literal without a lookup, so the public-only lookup never sees it: check it here.
      const literal = target.hostname.replace(/^\[|\]$/g, "");
      if (options.targets === "public" && isIP(literal) && isPrivateAddress(literal)) {
        return Promise.reject(new Error(`${literal} is a private address; webhooks reach public hosts only`));
      }
      const request = target.protocol === "https:" ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        // The socket's timeout only bounds each silence; a receiver trickling a byte at a time would hold the try
        // open for ever. The whole try, answer included, ends at the deadline.
        const tooLate = new Error(`No answer within ${options.timeoutMs} ms`);
        const deadline = setTimeout(() => {
          fail(tooLate);
          outgoing.destroy(tooLate);
        }, options.timeoutMs);
        const fail = (error: Error) => {
          clearTimeout(deadline);
          reject(error);
        };
        const outgoing = request(
          target,
          {
            method,
            headers: method === "GET" ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
            timeout: options.timeoutMs,
            ...(options.targets === "public" ? { lookup: publicOnlyLookup } : {}),
          },
          (response) => {
            const chunks: Buffer[] = [];
            let kept = 0;
            response.on("data", (chunk: Buffer) => {
              if (kept >= ANSWER_LIMIT_BYTES) return;
              chunks.push(chunk);
              kept += chunk.length;
            });
            response.on("end", () => {
              clearTimeout(deadline);
              resolve({
                statusCode: response.statusCode ?? 0,
                body: Buffer.concat(chunks).subarray(0, ANSWER_LIMIT_BYTES).toString("utf8"),
              });
            });
            response.on("error", fail);
          },
        );
        outgoing.on("timeout", () => outgoing.destroy(tooLate));
        outgoing.on("error", fail);
        if (method === "GET") outgoing.end();
        else outgoing.end(body);
      });
    },
  };
}
