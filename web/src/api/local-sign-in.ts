import { type Session, type StaffRole, sessionFromToken } from "./session.js";

/** Asks the local server (loopback only) for a token of a role; only `npm start` offers this. */
export async function localSignIn(role: StaffRole): Promise<Session> {
  const response = await fetch("/local/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) throw new Error(`Local sign-in failed (${response.status})`);
  const { token } = (await response.json()) as { token: string };
  const session = sessionFromToken(token, "local");
  if (!session) throw new Error("The local server returned an unusable token");
  return session;
}
