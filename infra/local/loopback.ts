import { isIP } from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True when an address is this machine's own: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}

/**
 * True when a request both comes from this machine and names it in its Host header with the server's port, so
 * neither a LAN client (under HOST=0.0.0.0) nor a page on a rebound DNS name can pass.
 */
export function isLocalRequest(
  remoteAddress: string | undefined,
  host: string | undefined,
  port: number,
): boolean {
  if (!isLoopbackAddress(remoteAddress) || !host) return false;
  const match = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?$/i.exec(host);
  if (!match?.[1] || !LOOPBACK_NAMES.has(match[1].toLowerCase())) return false;
  return Number(match[2] ?? 80) === port;
}
