/** How the deployment signs staff in, read from `config.json` beside the app. */
export type AuthConfig =
  | { mode: "local" }
  | { mode: "cognito"; domain: string; clientId: string; region: string };

/** Fetches the app's configuration; a missing file means a local deployment. */
export async function loadAuthConfig(): Promise<AuthConfig> {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) return { mode: "local" };
  const body = (await response.json()) as { auth?: AuthConfig };
  return body.auth ?? { mode: "local" };
}

/** The URL the app lives at, without query or hash: the OAuth redirect target. */
export function appBaseUrl(): string {
  return `${location.origin}${location.pathname}`;
}
