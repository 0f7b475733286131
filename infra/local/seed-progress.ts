/** What a long first-run step tells the person waiting for it. */
export interface SeedProgress {
  /** Starts a named step and prints it at once. */
  step(name: string): void;
  /** Records how much of the current step is done; the next regular line shows it. */
  update(done: number, total: number): void;
  /** Stops the regular lines. */
  stop(): void;
}

/**
 * Prints a line as soon as each step starts and then one every `everyMs` with the step, its share done and the
 * seconds since the start, so a slow first run never looks stalled.
 */
export function startSeedProgress(
  log: (line: string) => void,
  options: { everyMs?: number } = {},
): SeedProgress {
  const started = Date.now();
  let name = "starting";
  let done = 0;
  let total = 0;
  const line = () => {
    const share = total > 0 ? `: ${Math.floor((done / total) * 100)}%` : "";
    return `  ${name}${share} (${((Date.now() - started) / 1000).toFixed(0)} s)`;
  };
  const timer = setInterval(() => log(line()), options.everyMs ?? 1_000);
  // Progress alone must not keep the process alive.
  timer.unref();
  return {
    step(next) {
      name = next;
      done = 0;
      total = 0;
      log(line());
    },
    update(nowDone, nowTotal) {
      done = nowDone;
      total = nowTotal;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
