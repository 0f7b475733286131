/** The signed-in staff member as the app knows them: the bearer token and what it says about its holder. */
export interface Session {
  token: string;
  role: StaffRole;
  name: string;
  /** Seconds since the epoch; the token is dropped after it. */
  expiresAt: number;
  /** How the session was made, so that signing out can also end the hosted sign-in. */
  via: "local" | "cognito";
}

export type StaffRole = "analyst" | "manager" | "head";
const ROLE_ORDER: readonly StaffRole[] = ["analyst", "manager", "head"];

const KEY = "pulse.session";

/** Tells whether a role is at least the one asked for (analyst < manager < head). */
export function hasRole(session: Session | null, needed: StaffRole): boolean {
  return !!session && ROLE_ORDER.indexOf(session.role) >= ROLE_ORDER.indexOf(needed);
}

function decodePart(part: string): Record<string, unknown> {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Reads a JWT's claims without verifying it (the API verifies); undefined when it is not a JWT with a staff role. */
export function sessionFromToken(token: string, via: Session["via"]): Session | undefined {
  const parts = token.trim().split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = decodePart(parts[1]);
  } catch {
    return undefined;
  }
  const groups = Array.isArray(claims["cognito:groups"]) ? (claims["cognito:groups"] as unknown[]) : [];
  const roles = [claims.role, ...groups].filter((r): r is StaffRole => ROLE_ORDER.includes(r as StaffRole));
  const role = roles.sort((a, b) => ROLE_ORDER.indexOf(b) - ROLE_ORDER.indexOf(a))[0];
  if (!role) return undefined;
  const name = [claims.name, claims.email, claims["cognito:username"], claims.sub].find(
    (v): v is string => typeof v === "string" && v !== "",
  );
  const expiresAt = typeof claims.exp === "number" ? claims.exp : Number.POSITIVE_INFINITY;
  if (expiresAt * 1000 <= Date.now()) return undefined;
  return { token: token.trim(), role, name: name ?? role, expiresAt, via };
}

/** The session kept for this browser tab, when it is still valid. */
export function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt * 1000 > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** Keeps the session for this tab only (session storage), or forgets it. */
export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
