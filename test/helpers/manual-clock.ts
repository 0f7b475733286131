import type { Clock } from "../../functions/src/app/ports.js";

/** A clock the test moves by hand. */
export function manualClock(
  start: string,
): Clock & { advanceDays(days: number): void; advanceMinutes(minutes: number): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advanceDays: (days) => {
      now += days * 86_400_000;
    },
    advanceMinutes: (minutes) => {
      now += minutes * 60_000;
    },
  };
}
