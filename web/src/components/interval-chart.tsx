import { useId } from "hono/jsx/dom";
import { MIN_JUDGED_RESPONSES } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { linearScale, shareFloor, shareTicks } from "./chart-scale.js";
import { ScrollRegion } from "./scroll-region.js";

/** One row of an interval chart: an estimate of a share with its 95% interval. */
export interface IntervalRow {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  target?: number | null;
}

const W = 720;
const ROW = 30;
const LEFT = 190;
const RIGHT = 120;

/** Dot-and-whisker rows (a forest plot) so overlapping intervals read as "not clearly different". */
export function IntervalChart(props: { title: string; desc: string; rows: readonly IntervalRow[] }) {
  const { t, percent } = useI18n();
  const id = useId();
  const height = 30 + props.rows.length * ROW;
  const low = shareFloor(props.rows.flatMap((r) => [r.low, r.target]));
  const x = linearScale([low, 1], [LEFT, W - RIGHT]);
  // Below the size a verdict needs, a row is drawn lighter and says so, as the target judgement does.
  const isSmall = (row: IntervalRow) => row.n < MIN_JUDGED_RESPONSES;
  const hasSmall = props.rows.some(isSmall);
  return (
    <figure class="chart chart-medium">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="chart-svg">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.desc}</desc>
        {shareTicks(low, 1).map((tick) => (
          <g key={`t${tick}`}>
            <line x1={x(tick)} x2={x(tick)} y1={20} y2={height - 4} class="grid" />
            <text x={x(tick)} y={14} text-anchor="middle" class="axis-label">
              {percent(tick, 0)}
            </text>
          </g>
        ))}
        {props.rows.map((row, i) => {
          const cy = 20 + i * ROW + ROW / 2;
          return (
            <g key={row.label} class={isSmall(row) ? "row-weak" : undefined}>
              <text x={LEFT - 8} y={cy + 4} text-anchor="end" class="row-label">
                {row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label}
              </text>
              {typeof row.target === "number" && (
                <line x1={x(row.target)} x2={x(row.target)} y1={cy - 10} y2={cy + 10} class="target-tick" />
              )}
              {row.low !== null && row.high !== null && (
                <line x1={x(row.low)} x2={x(row.high)} y1={cy} y2={cy} class="whisker" />
              )}
              {row.value !== null && (
                <circle cx={x(row.value)} cy={cy} r={5} class="point">
                  <title>{`${row.label}: ${percent(row.value)} (${percent(row.low)}–${percent(row.high)}), n=${row.n}${isSmall(row) ? `, ${t("smallSampleMark", { min: MIN_JUDGED_RESPONSES })}` : ""}`}</title>
                </circle>
              )}
              <text x={W - RIGHT + 8} y={cy + 4} class="row-value">
                {`${percent(row.value, 0)} · n=${row.n}${isSmall(row) ? ` · ${t("smallShort")}` : ""}`}
              </text>
            </g>
          );
        })}
      </svg>
      {hasSmall && (
        <ul class="legend" aria-label={props.title}>
          <li>
            <span class="key key-weak" aria-hidden="true" />
            {t("legendSmallSample", { min: MIN_JUDGED_RESPONSES })}
          </li>
        </ul>
      )}
      <details class="table-alt">
        <summary>{t("showTable")}</summary>
        <ScrollRegion label={props.title}>
          <table>
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("value")}</th>
                <th scope="col">{t("csat")}</th>
                <th scope="col">{t("interval95")}</th>
                <th scope="col">{t("responses")}</th>
                {hasSmall && <th scope="col">{t("caveat")}</th>}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{percent(row.value)}</td>
                  <td>{row.low === null ? "–" : `${percent(row.low)}–${percent(row.high)}`}</td>
                  <td>{row.n}</td>
                  {hasSmall && (
                    <td>{isSmall(row) ? t("smallSampleMark", { min: MIN_JUDGED_RESPONSES }) : ""}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
