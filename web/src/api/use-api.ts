import { useLayoutEffect } from "hono/jsx/dom";
import { useState } from "../use-state.js";
import { apiUrl, type RequestParts, request } from "./client.js";
import type { Answer, CallOptions, CallPath, StaffRoute } from "./staff-routes.js";

/** The state of one GET: data once loaded, the error when it failed, and a reload. */
export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** A GET's options as arguments: null loads nothing; they may be left out when the route needs none. */
type LoadArgs<C extends StaffRoute<"get", string>> =
  Partial<CallOptions<C>> extends CallOptions<C>
    ? [options?: CallOptions<C> | null]
    : [options: CallOptions<C> | null];

/**
 * Loads a GET route, typed from its contract, whenever its address changes (pass null as the options to load
 * nothing), dropping answers that arrive out of order.
 */
export function useApi<P extends CallPath<"get">>(
  path: P,
  ...[options]: LoadArgs<StaffRoute<"get", P>>
): Loaded<Answer<StaffRoute<"get", P>>> {
  type T = Answer<StaffRoute<"get", P>>;
  const parts: RequestParts | null = options === null ? null : (options ?? {});
  // The address is what the effect follows: a new query or parameter loads again, equal options do not.
  const url = parts === null ? null : apiUrl(path, parts);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(url !== null);
  const [round, setRound] = useState(0);
  // A layout effect, not an effect: it runs as the screen is put in place, so its cleanup is there to stop the load
  // if the screen is left at once. An effect waits for the next frame and would still start a load for a screen
  // already gone, whose answer would put that screen back beside the next one.
  useLayoutEffect(() => {
    if (url === null) return;
    let current = true;
    setLoading(true);
    setError(undefined);
    request("get", url)
      .then((value) => {
        // Typed as the client types it: the server checked the answer against the same contract.
        if (current) setData(value as T);
      })
      .catch((failure: unknown) => {
        if (current) setError(failure instanceof Error ? failure : new Error(String(failure)));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [url, round]);
  return { data, error, loading, reload: () => setRound((r) => r + 1) };
}
