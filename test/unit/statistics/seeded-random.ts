import { mulberry32 } from "../../../functions/src/domain/statistics/seeded-random.js";

export { mulberry32 };

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
