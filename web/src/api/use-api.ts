import { useEffect, useState } from "hono/jsx/dom";
import { api } from "./client.js";

/** The state of one GET: data once loaded, the error when it failed, and a reload. */
export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads an API path whenever it changes (pass null to load nothing), dropping answers that arrive out of order. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    setError(undefined);
    api<T>(path)
      .then((value) => {
        if (current) setData(value);
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
  }, [path, round]);
  return { data, error, loading, reload: () => setRound((r) => r + 1) };
}
