/** mulberry32 (Tommy Ettinger, public domain): a tiny seeded PRNG, so simulated series are the same on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws how many of n responses are satisfied when each is satisfied with probability p. */
export function drawPositive(random: () => number, n: number, p: number): number {
  let positive = 0;
  for (let i = 0; i < n; i += 1) if (random() < p) positive += 1;
  return positive;
}

/** Weekly ISO start dates from 2024-01-01 (a Monday). */
export function weekStart(index: number): string {
  return new Date(Date.UTC(2024, 0, 1 + 7 * index)).toISOString().slice(0, 10);
}

/** A weekly series of `rates.length` points with n responses each, drawn with the given satisfaction rates. */
export function simulateWeeks(seed: number, n: number, rates: readonly number[]) {
  const random = mulberry32(seed);
  return rates.map((rate, index) => ({
    start: weekStart(index),
    positive: drawPositive(random, n, rate),
    n,
  }));
}
