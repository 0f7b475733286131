import { useId } from "hono/jsx/dom";
import { useI18n } from "../i18n/i18n.js";
import { linearScale } from "./chart-scale.js";

/** One bar: a label, a count, and the tone it is drawn in. */
export interface Bar {
  label: string;
  value: number;
  tone?: "low" | "mid" | "high";
}

const W = 480;
const ROW = 28;
const LEFT = 70;
const RIGHT = 110;

/** Horizontal bars with their counts and shares written beside them, and a table alternative. */
export function BarChart(props: { title: string; desc: string; bars: readonly Bar[]; labelHeader: string }) {
  const { t, percent, number } = useI18n();
  const id = useId();
  const total = props.bars.reduce((sum, bar) => sum + bar.value, 0);
  const max = Math.max(1, ...props.bars.map((bar) => bar.value));
  const x = linearScale([0, max], [LEFT, W - RIGHT]);
  const height = 8 + props.bars.length * ROW;
  return (
    <figure class="chart chart-small">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="chart-svg">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.desc}</desc>
        {props.bars.map((bar, i) => {
          const y = 4 + i * ROW;
          return (
            <g key={bar.label}>
              <text x={LEFT - 8} y={y + ROW / 2 + 4} text-anchor="end" class="row-label">
                {bar.label}
              </text>
              <rect
                x={LEFT}
                y={y + 4}
                width={Math.max(1, x(bar.value) - LEFT)}
                height={ROW - 8}
                class={`bar bar-${bar.tone ?? "mid"}`}
              />
              <text x={x(bar.value) + 6} y={y + ROW / 2 + 4} class="row-value">
                {`${number(bar.value)} (${percent(total ? bar.value / total : null, 0)})`}
              </text>
            </g>
          );
        })}
      </svg>
      <details class="table-alt">
        <summary>{t("showTable")}</summary>
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.labelHeader}</th>
              <th scope="col">{t("count")}</th>
            </tr>
          </thead>
          <tbody>
            {props.bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
