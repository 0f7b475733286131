/** A linear map from a data domain onto a pixel range. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Evenly spaced, readable ticks across a share domain (0..1). */
export function shareTicks(low: number, high: number): number[] {
  const step = high - low > 0.45 ? 0.1 : 0.05;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step - 1e-9) * step; tick <= high + 1e-9; tick += step) {
    // Adding 0 turns a rounded -0 into 0, which would otherwise print as "-0%".
    ticks.push(Math.round(tick * 1000) / 1000 + 0);
  }
  return ticks;
}

/** The lower end of a share axis: a round step below the lowest value shown, never below 0. */
export function shareFloor(values: readonly (number | null | undefined)[]): number {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (present.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...present) - 0.02) * 10) / 10);
}

/** At most `count` indexes spread across `length` items, always with the first and the last. */
export function spreadIndexes(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}
