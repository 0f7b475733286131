import { isIP } from "node:net";

/** Where webhooks may point: anywhere (local use, tests), or only public https hosts (on AWS, against SSRF). */
export type WebhookTargets = "any" | "public";

/** Whether an IP address is one a public webhook must never reach: loopback, private, link-local, and the like. */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (version === 6) {
    const lower = address.toLowerCase();
    const embedded = embeddedIpv4(hextetsOf(lower));
    if (embedded) return isPrivateAddress(embedded);
    return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower);
  }
  return true;
}

/** An IPv6 address as its eight 16-bit groups, `::` expanded and a dotted IPv4 tail turned into two groups. */
function hextetsOf(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const groups = (part: string) =>
    part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
  const front = groups(head);
  if (tail === undefined) return front;
  const back = groups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 address an IPv6 one carries and reaches: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d` (and
 * so `::` and `::1`), NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`. The URL parser writes them in hex:
 * `[::127.0.0.1]` becomes `[::7f00:1]`.
 */
function embeddedIpv4(groups: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0x2002) return ipv4Of(g1 ?? 0, g2 ?? 0);
  const zeroMiddle = g2 === 0 && g3 === 0 && g4 === 0;
  if (g0 === 0 && g1 === 0 && zeroMiddle && (g5 === 0 || g5 === 0xffff)) return ipv4Of(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && zeroMiddle && g5 === 0) return ipv4Of(g6, g7);
  return undefined;
}

/**
 * Why a webhook URL is refused, or undefined when it may be registered. With `public` targets it must be https to a
 * host name or a public address; the address a name resolves to is checked again when each delivery connects.
 */
export function webhookUrlProblem(raw: string, targets: WebhookTargets): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (targets === "any") return undefined;
  if (url.protocol !== "https:") return "must be an https URL";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    return "must point to a public host";
  if (isIP(host) && isPrivateAddress(host)) return "must point to a public address";
  return undefined;
}
