import type { AuthConfig } from "./auth-config.js";
import { appBaseUrl } from "./auth-config.js";
import { type Session, sessionFromToken } from "./session.js";

type CognitoConfig = Extract<AuthConfig, { mode: "cognito" }>;
const PENDING_KEY = "pulse.oauth";

function base64Url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The S256 code challenge of a PKCE verifier (RFC 7636). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function hostOf(config: CognitoConfig): string {
  return config.domain.replace(/^https?:\/\//, "").replace(/\/+$/, "");
}

/** Sends the browser to the Cognito Hosted UI with a fresh PKCE verifier and state kept for the return. */
export async function startCognitoSignIn(config: CognitoConfig): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(24);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, hash: location.hash }));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: appBaseUrl(),
    scope: "openid email profile",
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: "S256",
  });
  location.assign(`https://${hostOf(config)}/oauth2/authorize?${query}`);
}

/**
 * Completes the authorization-code flow when the Hosted UI has sent the browser back with `?code=`;
 * resolves to undefined when there is nothing to complete.
 */
export async function completeCognitoSignIn(config: CognitoConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  const error = params.get("error");
  if (!code && !error) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null") as {
    verifier: string;
    state: string;
    hash: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  // The code must not linger in the address bar or the history.
  history.replaceState(null, "", `${appBaseUrl()}${pending?.hash ?? ""}`);
  if (error) throw new Error(params.get("error_description") ?? error);
  if (!pending || params.get("state") !== pending.state) throw new Error("Sign-in state did not match");
  const response = await fetch(`https://${hostOf(config)}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.clientId,
      code: code as string,
      redirect_uri: appBaseUrl(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Token exchange failed (${response.status})`);
  const tokens = (await response.json()) as { id_token?: string };
  // The ID token carries the user's groups (roles) and names this client in `aud`, which the API checks.
  const session = tokens.id_token ? sessionFromToken(tokens.id_token, "cognito") : undefined;
  if (!session) throw new Error("The user belongs to no Pulse group (analyst, manager or head)");
  return session;
}

/** Ends the Hosted UI session too, returning to the app. */
export function cognitoSignOutUrl(config: CognitoConfig): string {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: appBaseUrl() });
  return `https://${hostOf(config)}/logout?${query}`;
}
