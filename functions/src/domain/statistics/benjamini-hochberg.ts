/**
 * Benjamini–Hochberg adjusted p-values (q-values) in the input's order: a p-value is significant at false-discovery
 * rate q when its adjusted value is at most q; the smallest p-value is multiplied by the number of tests, the
 * largest by one, and each adjusted value is the least over the p-values at or above it.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => b.p - a.p);
  const adjusted = new Array<number>(m).fill(1);
  let least = 1;
  order.forEach(({ p, index }, position) => {
    const rank = m - position;
    least = Math.min(least, (p * m) / rank);
    adjusted[index] = least;
  });
  return adjusted;
}
