import { DomainError } from "../errors.js";
import { normalCdf, normalPdf, twoSidedCritical } from "./normal.js";

/**
 * Lan-DeMets (1983) spending function of the O'Brien-Fleming type, spent alpha/2 on each side as in DeMets & Lan
 * (1994): 4 - 4 Phi(z_{alpha/4} / sqrt(t)) of a two-sided alpha by information time t. It spends almost nothing
 * early, so the last look keeps a critical value close to the fixed-sample one.
 */
export function obrienFlemingSpending(t: number, alpha: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  return 4 - 4 * normalCdf(twoSidedCritical(1 - alpha / 2) / Math.sqrt(t));
}

const GRID_POINTS = 241;
const cache = new Map<string, readonly number[]>();
const CACHE_LIMIT = 512;

function assertLooks(information: readonly number[], spendingTimes: readonly number[], alpha: number): void {
  const increasing = (values: readonly number[]) =>
    values.every((value, index) => index === 0 || value > (values[index - 1] as number));
  if (
    information.length === 0 ||
    information.length !== spendingTimes.length ||
    !information.every((value) => Number.isFinite(value) && value > 0) ||
    !spendingTimes.every((value) => value > 0 && value <= 1) ||
    !increasing(information) ||
    !increasing(spendingTimes) ||
    !(alpha > 0 && alpha < 1)
  ) {
    throw new DomainError(
      "invalid-impact-parameters",
      "A sequential design needs growing information and spending times in (0, 1] at every look.",
      { looks: information.length },
    );
  }
}

/** Trapezoid weights over an evenly spaced grid from -b to b. */
function grid(bound: number): { points: number[]; weights: number[] } {
  const step = (2 * bound) / (GRID_POINTS - 1);
  const points = Array.from({ length: GRID_POINTS }, (_, i) => -bound + i * step);
  const weights = points.map((_, i) => (i === 0 || i === GRID_POINTS - 1 ? step / 2 : step));
  return { points, weights };
}

/**
 * Two-sided critical values (on the z scale) for each look of a group-sequential design with O'Brien-Fleming-type
 * alpha spending, found by the recursive numerical integration of Armitage, McPherson & Rowe (1969) over the
 * canonical joint distribution (Jennison & Turnbull 2000, ch. 19): `information` is the statistical information at
 * each look (any common scale), `spendingTimes` the share of the plan elapsed at each look (1 at the last look).
 */
export function groupSequentialBoundaries(
  information: readonly number[],
  spendingTimes: readonly number[],
  alpha = 0.05,
): readonly number[] {
  assertLooks(information, spendingTimes, alpha);
  const scale = information[information.length - 1] as number;
  const key = `${alpha}|${information.map((i) => (i / scale).toFixed(6)).join(",")}|${spendingTimes
    .map((t) => t.toFixed(6))
    .join(",")}`;
  const known = cache.get(key);
  if (known) return known;

  const critical: number[] = [];
  // The sub-density of the score statistic S = Z sqrt(I) over the continuation region of the last look.
  let density: { points: number[]; weights: number[]; values: number[] } | null = null;
  let spent = 0;
  for (const [index, info] of information.entries()) {
    const target = obrienFlemingSpending(spendingTimes[index] as number, alpha) - spent;
    const previousInfo = index === 0 ? 0 : (information[index - 1] as number);
    const sd = Math.sqrt(info - previousInfo);
    const exitProbability = (c: number): number => {
      const bound = c * Math.sqrt(info);
      if (density === null) return 2 * normalCdf(-c);
      let total = 0;
      for (let i = 0; i < density.points.length; i += 1) {
        const u = density.points[i] as number;
        const tail = normalCdf((-bound - u) / sd) + normalCdf((u - bound) / sd);
        total += (density.weights[i] as number) * (density.values[i] as number) * tail;
      }
      return total;
    };
    let c: number;
    if (target <= 1e-12) c = 8;
    else {
      // Exit probability falls as c grows; bisection on [0, 8] to well under the grid's own error.
      let low = 0;
      let high = 8;
      for (let step = 0; step < 60; step += 1) {
        const mid = (low + high) / 2;
        if (exitProbability(mid) > target) low = mid;
        else high = mid;
      }
      c = (low + high) / 2;
    }
    critical.push(c);
    spent += exitProbability(c);

    const next = grid(c * Math.sqrt(info));
    const previous = density;
    const values = next.points.map((s) => {
      if (previous === null) return normalPdf(s / sd) / sd;
      let total = 0;
      for (let i = 0; i < previous.points.length; i += 1) {
        const u = previous.points[i] as number;
        total +=
          ((previous.weights[i] as number) * (previous.values[i] as number) * normalPdf((s - u) / sd)) / sd;
      }
      return total;
    });
    density = { ...next, values };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, critical);
  return critical;
}

/**
 * The z-scale boundary of the two-sided normal-mixture confidence sequence (Howard, Ramdas, McAuliffe & Sekhon 2021,
 * eq. 14): valid at every look at once, with the mixture tuned to be tightest when the information reaches
 * `plannedInformationFraction` = 1.
 */
export function normalMixtureCritical(informationFraction: number, alpha = 0.05): number {
  if (!(informationFraction > 0) || !(alpha > 0 && alpha < 1)) {
    throw new DomainError("invalid-impact-parameters", "The information fraction must be positive.", {
      informationFraction,
    });
  }
  const rho = tunedMixture(alpha);
  const v = informationFraction;
  return Math.sqrt((1 + rho / v) * Math.log((v + rho) / (rho * alpha * alpha)));
}

function tunedMixture(alpha: number): number {
  // Golden-section search for the mixture variance that minimises the boundary at v = 1.
  const width = (rho: number) => (1 + rho) * Math.log((1 + rho) / (rho * alpha * alpha));
  let low = 1e-4;
  let high = 10;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 100; step += 1) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (width(a) < width(b)) high = b;
    else low = a;
  }
  return (low + high) / 2;
}
