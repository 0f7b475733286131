import { useId } from "hono/jsx/dom";
import { MIN_JUDGED_RESPONSES } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { linearScale, shareFloor, shareTicks, spreadIndexes } from "./chart-scale.js";
import { ScrollRegion } from "./scroll-region.js";

/** One bucket of a share trend: the estimate, its interval, the control limits and whether it signals. */
export interface TrendPoint {
  start: string;
  label: string;
  /** A shorter label for the axis, when the full one would crowd it. */
  short?: string;
  value: number | null;
  low: number | null;
  high: number | null;
  ucl?: number | null;
  lcl?: number | null;
  signals?: readonly string[];
  n: number;
  /** Fewer responses than a verdict needs: drawn lighter and hatched, never at full weight. */
  small?: boolean;
  /** The bucket holds only part of its span (still running, or cut by the range). */
  partial?: boolean;
}

/** Whether a point is drawn lighter, with its caveat spelled out. */
export const isWeakPoint = (p: TrendPoint) => Boolean(p.small || p.partial);

export interface TrendChartProps {
  title: string;
  desc: string;
  points: readonly TrendPoint[];
  centre?: number | null;
  target?: number | null;
  /** A vertical marker, e.g. an initiative's go-live day. */
  marker?: { at: string; label: string } | null;
}

const W = 720;
const H = 300;
const M = { top: 16, right: 16, bottom: 44, left: 52 };

function daysBetween(a: string, b: string): number {
  return (Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000;
}

/** Where a day falls on an index axis, interpolating between bucket starts. */
function markerIndex(points: readonly TrendPoint[], at: string): number | null {
  if (points.length === 0) return null;
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i] as TrendPoint;
    if (point.start <= at) {
      const next = points[i + 1];
      const width = next ? daysBetween(point.start, next.start) : 7;
      return i + Math.min(1, daysBetween(point.start, at) / (width || 1));
    }
  }
  return null;
}

/** A share-over-time chart: estimate line, 95% interval band, p-chart limits, signals, target and a go-live marker, with a table alternative. */
export function TrendChart(props: TrendChartProps) {
  const { t, percent } = useI18n();
  const id = useId();
  const { points } = props;
  const low = shareFloor([...points.flatMap((p) => [p.low, p.lcl, p.value]), props.target, props.centre]);
  const x = linearScale([0, Math.max(1, points.length - 1)], [M.left + 8, W - M.right - 8]);
  const y = linearScale([low, 1], [H - M.bottom, M.top]);
  const half = points.length > 1 ? (x(1) - x(0)) / 2 : 20;

  const segments: TrendPoint[][] = [];
  let current: TrendPoint[] = [];
  points.forEach((point) => {
    if (point.low !== null && point.high !== null && point.value !== null) current.push(point);
    else if (current.length) {
      segments.push(current);
      current = [];
    }
  });
  if (current.length) segments.push(current);
  const indexOf = (point: TrendPoint) => points.indexOf(point);
  const band = segments
    .map((segment) => {
      const upper = segment.map((p) => `${x(indexOf(p)).toFixed(1)},${y(p.high as number).toFixed(1)}`);
      const lower = [...segment]
        .reverse()
        .map((p) => `${x(indexOf(p)).toFixed(1)},${y(p.low as number).toFixed(1)}`);
      return segment.length === 1
        ? `M${x(indexOf(segment[0] as TrendPoint)) - 3},${y(segment[0]?.high as number)}h6V${y(segment[0]?.low as number)}h-6Z`
        : `M${upper.join("L")}L${lower.join("L")}Z`;
    })
    .join("");
  // Each step of the line is drawn at full weight only between two sound points; a step touching a small sample or a
  // partial period is drawn thin and dashed, so that a spike from two responses does not read like a change.
  const step = (a: TrendPoint, b: TrendPoint) =>
    `M${x(indexOf(a)).toFixed(1)},${y(a.value as number).toFixed(1)}L${x(indexOf(b)).toFixed(1)},${y(b.value as number).toFixed(1)}`;
  const steps = segments.flatMap((segment) =>
    segment.slice(1).map((p, i) => [segment[i] as TrendPoint, p] as const),
  );
  const line = steps
    .filter(([a, b]) => !isWeakPoint(a) && !isWeakPoint(b))
    .map(([a, b]) => step(a, b))
    .join("");
  const weakLine = steps
    .filter(([a, b]) => isWeakPoint(a) || isWeakPoint(b))
    .map(([a, b]) => step(a, b))
    .join("");
  const hasSmall = points.some((p) => p.small);
  const hasPartial = points.some((p) => p.partial);
  // A written marker fits above a column only when the columns are wide enough; the hatching and the table say it always.
  const writeMarks = half >= 14;
  const caveat = (p: TrendPoint) =>
    [p.small ? t("smallSampleMark", { min: MIN_JUDGED_RESPONSES }) : "", p.partial ? t("partialMark") : ""]
      .filter(Boolean)
      .join(", ");
  const limitSteps = (key: "ucl" | "lcl") =>
    points
      .map((p, i) => {
        const v = p[key];
        if (typeof v !== "number") return "";
        const left = Math.max(M.left, x(i) - half);
        const right = Math.min(W - M.right, x(i) + half);
        return `M${left.toFixed(1)},${y(v).toFixed(1)}H${right.toFixed(1)}`;
      })
      .join("");
  const markerAt = props.marker ? markerIndex(points, props.marker.at) : null;
  const labelIndexes = spreadIndexes(points.length, 6);
  const hasLimits = points.some((p) => typeof p.ucl === "number");

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="chart-svg">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.desc}</desc>
        {shareTicks(low, 1).map((tick) => (
          <g key={`y${tick}`}>
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} class="grid" />
            <text x={M.left - 6} y={y(tick) + 4} text-anchor="end" class="axis-label">
              {percent(tick, 0)}
            </text>
          </g>
        ))}
        {labelIndexes.map((i) => (
          <text
            key={`x${i}`}
            x={x(i)}
            y={H - M.bottom + 18}
            text-anchor={
              i === 0 && points.length > 1 ? "start" : i === points.length - 1 && i > 0 ? "end" : "middle"
            }
            class="axis-label"
          >
            {points[i]?.short ?? points[i]?.label}
          </text>
        ))}
        <defs>
          <pattern
            id={`${id}-hatch`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
          </pattern>
        </defs>
        {points.map((p, i) =>
          isWeakPoint(p) ? (
            <g key={`w${p.start}`} class="weak-zone">
              <rect
                x={Math.max(M.left, x(i) - half)}
                y={M.top}
                width={Math.min(W - M.right, x(i) + half) - Math.max(M.left, x(i) - half)}
                height={H - M.bottom - M.top}
                fill={`url(#${id}-hatch)`}
              />
              {writeMarks && (
                <text x={x(i)} y={M.top + 10} text-anchor="middle" class="weak-mark">
                  {p.partial ? t("partialShort") : `n=${p.n}`}
                </text>
              )}
            </g>
          ) : null,
        )}
        <path d={band} class="band" />
        {hasLimits && <path d={limitSteps("ucl")} class="limit" />}
        {hasLimits && <path d={limitSteps("lcl")} class="limit" />}
        {typeof props.centre === "number" && (
          <line x1={M.left} x2={W - M.right} y1={y(props.centre)} y2={y(props.centre)} class="centre" />
        )}
        {typeof props.target === "number" && (
          <line x1={M.left} x2={W - M.right} y1={y(props.target)} y2={y(props.target)} class="target-line" />
        )}
        {markerAt !== null && props.marker && (
          <g class="marker">
            <line x1={x(markerAt)} x2={x(markerAt)} y1={M.top} y2={H - M.bottom} />
            <text
              x={x(markerAt) + (markerAt > points.length * 0.7 ? -4 : 4)}
              y={M.top + 12}
              text-anchor={markerAt > points.length * 0.7 ? "end" : "start"}
            >
              {props.marker.label}
            </text>
          </g>
        )}
        {/* One group holds the line: its sound steps at full weight and, inside it, the weak ones thin and dashed. */}
        <g class="series">
          <path d={line} />
          {weakLine && <path d={weakLine} class="series-weak" />}
        </g>
        {points.map((p, i) =>
          p.value === null ? null : p.signals && p.signals.length > 0 ? (
            <path key={`p${p.start}`} d={`M${x(i)},${y(p.value) - 7}l7,7l-7,7l-7,-7Z`} class="signal-point">
              <title>{`${p.label}: ${percent(p.value)} (n=${p.n}), ${t("legendSignal")}`}</title>
            </path>
          ) : (
            <circle
              key={`p${p.start}`}
              cx={x(i)}
              cy={y(p.value)}
              r={3.5}
              class={isWeakPoint(p) ? "point point-weak" : "point"}
            >
              <title>{`${p.label}: ${percent(p.value)} (${percent(p.low)}–${percent(p.high)}, n=${p.n})${isWeakPoint(p) ? `, ${caveat(p)}` : ""}`}</title>
            </circle>
          ),
        )}
      </svg>
      <figcaption>
        <ul class="legend" aria-label={props.title}>
          <li>
            <span class="key key-series" aria-hidden="true" />
            {t("legendCsat")}
          </li>
          <li>
            <span class="key key-band" aria-hidden="true" />
            {t("legendBand")}
          </li>
          {hasLimits && (
            <li>
              <span class="key key-limit" aria-hidden="true" />
              {t("legendLimits")}
            </li>
          )}
          {typeof props.centre === "number" && (
            <li>
              <span class="key key-centre" aria-hidden="true" />
              {t("legendCentre")} {percent(props.centre)}
            </li>
          )}
          {typeof props.target === "number" && (
            <li>
              <span class="key key-target" aria-hidden="true" />
              {t("legendTarget")} {percent(props.target)}
            </li>
          )}
          <li>
            <span class="key key-signal" aria-hidden="true">
              ◆
            </span>
            {t("legendSignal")}
          </li>
          {props.marker && (
            <li>
              <span class="key key-marker" aria-hidden="true" />
              {t("legendGoLive")}
            </li>
          )}
          {hasSmall && (
            <li>
              <span class="key key-weak" aria-hidden="true" />
              {t("legendSmallSample", { min: MIN_JUDGED_RESPONSES })}
            </li>
          )}
          {hasPartial && (
            <li>
              <span class="key key-weak" aria-hidden="true" />
              {t("legendPartial")}
            </li>
          )}
        </ul>
        <details class="table-alt">
          <summary>{t("showTable")}</summary>
          <ScrollRegion label={props.title}>
            <table>
              <caption>{props.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("period")}</th>
                  <th scope="col">{t("csat")}</th>
                  <th scope="col">{t("interval95")}</th>
                  <th scope="col">{t("responses")}</th>
                  {hasLimits && <th scope="col">{t("limits")}</th>}
                  <th scope="col">{t("signals")}</th>
                  {(hasSmall || hasPartial) && <th scope="col">{t("caveat")}</th>}
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.start}>
                    <th scope="row">{p.label}</th>
                    <td>{percent(p.value)}</td>
                    <td>{p.low === null ? "–" : `${percent(p.low)}–${percent(p.high)}`}</td>
                    <td>{p.n}</td>
                    {hasLimits && (
                      <td>{typeof p.lcl === "number" ? `${percent(p.lcl)}–${percent(p.ucl)}` : "–"}</td>
                    )}
                    <td>{p.signals?.length ? p.signals.join(", ") : ""}</td>
                    {(hasSmall || hasPartial) && <td>{caveat(p)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      </figcaption>
    </figure>
  );
}
