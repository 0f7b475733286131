/** mulberry32 (Tommy Ettinger, public domain): a small seeded generator, so a simulated figure is the same on every call. */
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

/** One standard normal draw (Box–Muller) from a uniform generator. */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A sampler of Binomial(n, p) by inverting its cumulative distribution, which is built once per n and p over the
 * mean ± 10 standard deviations (the mass outside is below 1e-20, so the draws are exact for any practical purpose).
 */
export function binomialSampler(): (n: number, p: number) => (random: () => number) => number {
  const tables = new Map<string, { low: number; cdf: Float64Array }>();
  const table = (n: number, p: number) => {
    const key = `${n}:${p}`;
    const cached = tables.get(key);
    if (cached) return cached;
    const sd = Math.sqrt(n * p * (1 - p));
    const low = Math.max(0, Math.floor(n * p - 10 * sd - 1));
    const high = Math.min(n, Math.ceil(n * p + 10 * sd + 1));
    const logPmf = (k: number) => logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p);
    const cdf = new Float64Array(high - low + 1);
    let sum = 0;
    for (let k = low; k <= high; k += 1) {
      sum += Math.exp(logPmf(k));
      cdf[k - low] = sum;
    }
    for (let i = 0; i < cdf.length; i += 1) cdf[i] = (cdf[i] as number) / sum;
    const built = { low, cdf };
    tables.set(key, built);
    return built;
  };
  return (n, p) => {
    if (n === 0 || p <= 0) return () => 0;
    if (p >= 1) return () => n;
    const { low, cdf } = table(n, p);
    return (random) => search(low, cdf, random());
  };
}

function search(low: number, cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return low + lo;
}

const logFactorials: number[] = [0];
function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i += 1)
    logFactorials[i] = (logFactorials[i - 1] as number) + Math.log(i);
  return logFactorials[k] as number;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
