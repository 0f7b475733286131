import { createContext, useContext } from "hono/jsx/dom";
import type { Session } from "./api/session.js";

export const SessionContext = createContext<Session | null>(null);

/** The signed-in staff member (screens render only when there is one). */
export function useSession(): Session | null {
  return useContext(SessionContext);
}
