import type { Log } from "../../app/ports.js";
import type { FieldKeys } from "./field-seal.js";

/**
 * The field keys an instance holds, read from their source on first use (so a process that never seals or opens a
 * credential never reads them), and read again when a stored value names a key the instance does not hold yet: a
 * rotation adds `v2` to the secret while warm instances still hold only `v1`.
 */
export interface FieldKeyring {
  /** The keys held, read from their source the first time. */
  held(): Promise<FieldKeys>;
  /**
   * The keys again from their source, when `keyId` is not among those held: at most once per interval, callers at the
   * same moment sharing one read. What comes back may still lack `keyId` (a value under a key that is nowhere).
   */
  holding(keyId: string): Promise<FieldKeys>;
}

/** Warm instances meet a value under a new key only during a rotation: once a minute is soon enough, and cheap. */
export const FIELD_KEYS_RELOAD_INTERVAL_MS = 60_000;

/** A keyring over a source of field keys (the secret on AWS, the environment locally), read lazily and memoised. */
export function makeFieldKeyring(
  load: () => Promise<FieldKeys>,
  options: { now?: () => number; reloadIntervalMs?: number; log?: Pick<Log, "warn"> | undefined } = {},
): FieldKeyring {
  const now = options.now ?? Date.now;
  const interval = options.reloadIntervalMs ?? FIELD_KEYS_RELOAD_INTERVAL_MS;
  let keys: Promise<FieldKeys> | undefined;
  let reloading: Promise<FieldKeys> | undefined;
  let lastReloadAt = Number.NEGATIVE_INFINITY;

  function held(): Promise<FieldKeys> {
    if (!keys) {
      const loading = load();
      keys = loading;
      // A failed first read (a missing configuration, Secrets Manager unreachable) is tried again by the next caller.
      loading.catch(() => {
        if (keys === loading) keys = undefined;
      });
    }
    return keys;
  }

  return {
    held,
    async holding(keyId) {
      const before = await held();
      if (before.keys.has(keyId)) return before;
      if (reloading) return reloading;
      if (now() - lastReloadAt < interval) return before;
      lastReloadAt = now();
      reloading = load()
        .then((fresh) => {
          keys = Promise.resolve(fresh);
          return fresh;
        })
        // The keys held still open what they sealed; the value under the new key stays unreadable until a later read.
        .catch((error: unknown) => {
          options.log?.warn("The field keys could not be read again", { keyId, error: String(error) });
          return before;
        })
        .finally(() => {
          reloading = undefined;
        });
      return reloading;
    },
  };
}

/** A keyring over keys already in hand, which has nowhere to read them again from. */
export const fixedFieldKeyring = (keys: FieldKeys): FieldKeyring => ({
  held: async () => keys,
  holding: async () => keys,
});
