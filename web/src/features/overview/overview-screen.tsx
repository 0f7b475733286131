import { useId } from "hono/jsx/dom";
import { api } from "../../api/client.js";
import { hasRole } from "../../api/session.js";
import { MIN_JUDGED_RESPONSES, type TargetStatus, type TargetStatusReport } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { linearScale } from "../../components/chart-scale.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { formatPoints } from "../../i18n/format-points.js";
import { type I18n, useI18n } from "../../i18n/i18n.js";
import { href, navigate, type Route } from "../../router.js";
import { useSession } from "../../session-context.js";
import { useState } from "../../use-state.js";
import { shiftDay, today } from "../satisfaction/trend-points.js";
import { useServices } from "../satisfaction/use-services.js";
import {
  chosenPeriod,
  isPartialBucket,
  latestClosedMonth,
  monthEnd,
  monthsBack,
  periodChoices,
  settableChoices,
} from "./periods.js";
import { STATUS_LABELS } from "./status-labels.js";

type TargetRow = TargetStatusReport["targets"][number];
type MonthCell = TargetRow["months"][number];

const STATUS_MARKS: Record<TargetStatus, string> = {
  "on-track": "✓",
  "at-risk": "!",
  "off-track": "✗",
  "too-few-responses": "n",
  "no-data": "·",
};

/** A period as people say it: "Q4 2026" or "Whole year 2026". */
export function periodName(i18n: I18n, period: string): string {
  return period.length === 4
    ? i18n.t("yearOption", { year: period })
    : i18n.t("quarterOption", { quarter: period.slice(6), year: period.slice(0, 4) });
}

/** A month cell's caveats, in words: partial while it runs, small below the size a verdict needs. */
function monthCaveats(i18n: I18n, cell: { month: string; n: number }, day: string): string[] {
  return [
    monthEnd(cell.month) >= day ? i18n.t("partialMark") : "",
    cell.n > 0 && cell.n < MIN_JUDGED_RESPONSES
      ? i18n.t("smallSampleMark", { min: MIN_JUDGED_RESPONSES })
      : "",
  ].filter(Boolean);
}

/** The month-by-month table of csat against target for the months that have begun, caveats written out. */
function TargetHeatmap(props: { report: TargetStatusReport }) {
  const i18n = useI18n();
  const { t, percent, date } = i18n;
  const day = today();
  const started = props.report.through.slice(0, 7);
  const months = (props.report.targets[0]?.months ?? [])
    .map((m) => m.month)
    .filter((month) => month <= started);
  const periodPartial = props.report.to >= day;
  return (
    <ScrollRegion label={t("heatmapTitle")}>
      <table class="heatmap">
        <caption>{t("heatmapTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("service")}</th>
            <th scope="col">{t("target")}</th>
            {months.map((month) => (
              <th scope="col" key={month}>
                {date(`${month}-01`, "month")}
                {monthEnd(month) >= day && <span class="heat-ci">{t("partialShort")}</span>}
              </th>
            ))}
            <th scope="col">
              {periodName(i18n, props.report.period)}
              {periodPartial && <span class="heat-ci">{t("partialShort")}</span>}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.report.targets.map((row) => {
            const rowCaveats = [
              periodPartial ? t("partialMark") : "",
              row.n > 0 && row.n < MIN_JUDGED_RESPONSES
                ? t("smallSampleMark", { min: MIN_JUDGED_RESPONSES })
                : "",
            ].filter(Boolean);
            return (
              <tr key={row.service ?? "*"}>
                <th scope="row">{row.service ?? t("organisation")}</th>
                <td>{percent(row.target, 0)}</td>
                {row.months
                  .filter((cell) => cell.month <= started)
                  .map((cell) => {
                    const caveats = monthCaveats(i18n, cell, day);
                    return (
                      <td key={cell.month} class={caveats.length ? "heat-weak" : `heat-${cell.status}`}>
                        <span aria-hidden="true">{STATUS_MARKS[cell.status]} </span>
                        {cell.actual === null ? t("statusNoData") : percent(cell.actual, 0)}
                        {cell.ci && (
                          <span class="heat-ci">{`${percent(cell.ci.low, 0)}–${percent(cell.ci.high, 0)}`}</span>
                        )}
                        <span class="heat-ci">{`n=${cell.n}`}</span>
                        {caveats.length > 0 && <span class="heat-ci heat-caveat">{caveats.join("; ")}</span>}
                        <span class="visually-hidden">{`, ${t(STATUS_LABELS[cell.status])}`}</span>
                      </td>
                    );
                  })}
                <td class={rowCaveats.length ? "heat-weak" : `heat-${row.status}`}>
                  <Pill tone={rowCaveats.length ? "neutral" : row.status}>
                    {t(STATUS_LABELS[row.status])}
                  </Pill>
                  <span class="heat-ci">
                    {percent(row.actual)} {row.ci ? `(${percent(row.ci.low)}–${percent(row.ci.high)})` : ""} ·
                    n={row.n}
                  </span>
                  {rowCaveats.length > 0 && <span class="heat-ci heat-caveat">{rowCaveats.join("; ")}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const SW = 220;
const SH = 64;

/** A card's small trend: monthly csat of the last six months against the target, weak months hollow and dashed. */
function Sparkline(props: { service: string | null; target: number; name: string }) {
  const i18n = useI18n();
  const { t, percent, date } = i18n;
  const id = useId();
  const day = today();
  const range = { from: monthsBack(day, 5), to: day };
  const trend = useApi("/api/v1/metrics/satisfaction", {
    query: { interval: "month", service: props.service ?? "", ...range },
  });
  const buckets = trend.data?.buckets ?? [];
  if (buckets.length === 0) return null;
  const points = buckets.map((b) => ({
    start: b.start,
    csat: b.csat,
    n: b.n,
    small: b.n > 0 && b.n < MIN_JUDGED_RESPONSES,
    partial: isPartialBucket(b.start, "month", range, day),
  }));
  const values = points.flatMap((p) => (p.csat === null ? [] : [p.csat])).concat(props.target);
  const low = Math.max(0, Math.floor((Math.min(...values) - 0.02) * 20) / 20);
  const x = linearScale([0, Math.max(1, points.length - 1)], [6, SW - 6]);
  const y = linearScale([low, 1], [SH - 6, 6]);
  const weak = (p: (typeof points)[number]) => p.small || p.partial;
  const steps = points.slice(1).map((p, i) => [points[i] as (typeof points)[number], p] as const);
  const path = (pairs: typeof steps) =>
    pairs
      .filter(([a, b]) => a.csat !== null && b.csat !== null)
      .map(
        ([a, b]) =>
          `M${x(points.indexOf(a))},${y(a.csat as number)}L${x(points.indexOf(b))},${y(b.csat as number)}`,
      )
      .join("");
  const title = t("sparkTitle", { service: props.name });
  const caveat = (p: (typeof points)[number]) =>
    [p.partial ? t("partialMark") : "", p.small ? t("smallSampleMark", { min: MIN_JUDGED_RESPONSES }) : ""]
      .filter(Boolean)
      .join("; ");
  return (
    <figure class="spark">
      <svg viewBox={`0 0 ${SW} ${SH}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="spark-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{t("sparkDesc", { target: percent(props.target, 0) })}</desc>
        <line x1={0} x2={SW} y1={y(props.target)} y2={y(props.target)} class="target-line" />
        <path d={path(steps.filter(([a, b]) => !weak(a) && !weak(b)))} class="series" />
        <path d={path(steps.filter(([a, b]) => weak(a) || weak(b)))} class="series-weak" />
        {points.map((p, i) =>
          p.csat === null ? null : (
            <circle
              key={p.start}
              cx={x(i)}
              cy={y(p.csat)}
              r={3}
              class={weak(p) ? "point point-weak" : "point"}
            >
              <title>{`${date(p.start, "month")}: ${percent(p.csat)}, n=${p.n}${weak(p) ? `, ${caveat(p)}` : ""}`}</title>
            </circle>
          ),
        )}
      </svg>
      <details class="table-alt">
        <summary>{t("showTable")}</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("month")}</th>
              <th scope="col">{t("csat")}</th>
              <th scope="col">{t("responses")}</th>
              <th scope="col">{t("caveat")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.start}>
                <th scope="row">{date(p.start, "month")}</th>
                <td>{percent(p.csat)}</td>
                <td>{p.n}</td>
                <td>{caveat(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** One target at a glance: the latest closed month against the target, judged with its interval, a trend and n. */
function TargetCard(props: { row: TargetRow; period: string; periodPartial: boolean }) {
  const i18n = useI18n();
  const { t, percent, date } = i18n;
  const { row } = props;
  const day = today();
  const closed = latestClosedMonth(row.months, day);
  // Before any month of the period has closed, the running month is shown, marked as partial and never judged at full weight.
  const running = row.months.filter((m) => m.month <= day.slice(0, 7)).at(-1) ?? null;
  const cell: MonthCell | null = closed ?? running;
  const name = row.service ?? t("organisation");
  const caveats = cell ? monthCaveats(i18n, cell, day) : [];
  const weak = caveats.length > 0 || !cell || cell.status === "no-data";
  return (
    <li class={`target-card ${weak ? "card-weak" : `card-${cell.status}`}`}>
      <h3>{name}</h3>
      {cell ? (
        <>
          <p class="card-month">
            {t(closed ? "cardClosedMonth" : "cardRunningMonth", { month: date(`${cell.month}-01`, "month") })}
          </p>
          <p class="card-figure">
            <span class="card-value">{percent(cell.actual)}</span>{" "}
            <Pill tone={weak ? "neutral" : cell.status}>{t(STATUS_LABELS[cell.status])}</Pill>
          </p>
          <p class="card-sub">
            {cell.ci ? `${t("interval95")}: ${percent(cell.ci.low)}–${percent(cell.ci.high)} · ` : ""}
            {`n=${cell.n}`}
          </p>
          {cell.actual !== null && (
            <p class="card-sub">
              {t("againstTarget", {
                points: formatPoints(i18n, cell.actual - row.target),
                target: percent(row.target, 0),
              })}
            </p>
          )}
          {caveats.length > 0 && <p class="card-caveat">{caveats.join("; ")}</p>}
        </>
      ) : (
        <p class="card-sub">{t("statusNoData")}</p>
      )}
      <Sparkline service={row.service} target={row.target} name={name} />
      <p class="card-sub">
        {t("periodSoFar", { period: periodName(i18n, props.period), csat: percent(row.actual), n: row.n })}
        {props.periodPartial ? ` · ${t("partialShort")}` : ""}
      </p>
    </li>
  );
}

/** The legend the cards share: what a solid, a hollow point and the dashed line mean. */
function CardLegend() {
  const { t } = useI18n();
  return (
    <ul class="legend" aria-label={t("cardsTitle")}>
      <li>
        <span class="key key-series" aria-hidden="true" />
        {t("legendCsat")}
      </li>
      <li>
        <span class="key key-target" aria-hidden="true" />
        {t("legendTarget")}
      </li>
      <li>
        <span class="key key-weak" aria-hidden="true" />
        {t("legendSmallSample", { min: MIN_JUDGED_RESPONSES })}
      </li>
      <li>
        <span class="key key-weak" aria-hidden="true" />
        {t("legendPartial")}
      </li>
    </ul>
  );
}

/** Lets a head set a csat target for the organisation or a service. */
function TargetForm(props: { period: string; services: readonly string[]; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<unknown>(null);
  const choices = settableChoices(today());
  return (
    <form
      class="filters"
      aria-label={t("setTarget")}
      onSubmit={async (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        const service = String(data.get("service") ?? "");
        setError(null);
        try {
          await api.put("/api/v1/targets", {
            body: {
              period: String(data.get("period")),
              ...(service ? { service } : {}),
              value: Number(String(data.get("value")).replace(",", ".")) / 100,
            },
          });
          props.onSaved();
        } catch (failure) {
          setError(failure);
        }
      }}
    >
      <label>
        {t("service")}
        <select name="service">
          <option value="">{t("organisation")}</option>
          {props.services.map((service) => (
            <option value={service}>{service}</option>
          ))}
        </select>
      </label>
      <label>
        {t("period")}
        <select name="period">
          {(choices.includes(props.period) ? choices : [props.period, ...choices]).map((value) => (
            <option value={value} selected={value === props.period}>
              {periodName(i18n, value)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {`${t("target")} (%)`}
        <input name="value" type="number" min="0" max="100" step="0.5" value="85" required />
      </label>
      <button type="submit" class="button button-primary">
        {t("setTarget")}
      </button>
      {error !== null && <ProblemNotice error={error} />}
    </form>
  );
}

/** Heads' overview: one card per target for a glance, the months behind them, and a comparison of two periods. */
export function OverviewScreen(props: { route: Route }) {
  const i18n = useI18n();
  const { t, percent, date } = i18n;
  const session = useSession();
  const services = useServices();
  const day = today();
  const period = chosenPeriod(props.route.params.get("period"), day);
  const choices = periodChoices(day);
  const status = useApi("/api/v1/targets/status", { query: { period } });
  // Both windows end before today, so neither holds a day still filling up.
  const end = shiftDay(day, -1);
  const b = { from: shiftDay(end, -29), to: end };
  const a = { from: shiftDay(end, -59), to: shiftDay(end, -30) };
  const comparison = useApi("/api/v1/metrics/comparison", {
    query: { dimension: "service", aFrom: a.from, aTo: a.to, bFrom: b.from, bTo: b.to },
  });
  const small = (n: number) => n < MIN_JUDGED_RESPONSES;
  return (
    <>
      <h1 tabIndex={-1}>{t("overviewTitle")}</h1>
      <p class="intro">{t("overviewIntro")}</p>
      <form
        class="filters"
        aria-label={t("filters")}
        onSubmit={(event: Event) => {
          event.preventDefault();
          const next = String(new FormData(event.target as HTMLFormElement).get("period"));
          navigate(href("/overview", { period: next }), { replace: true });
          // The screen stays, so focus goes to what the choice changed.
          document.getElementById("cards-title")?.focus();
        }}
      >
        <label>
          {t("overviewPeriod")}
          <select name="period">
            {(choices.some((c) => c.value === period)
              ? choices
              : [{ value: period, running: false }, ...choices]
            ).map((choice) => (
              <option value={choice.value} selected={choice.value === period}>
                {choice.running
                  ? t("runningOption", { label: periodName(i18n, choice.value) })
                  : periodName(i18n, choice.value)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button button-primary">
          {t("apply")}
        </button>
      </form>
      <section class="panel" aria-labelledby="cards-title">
        <h2 id="cards-title" tabIndex={-1}>
          {`${t("cardsTitle")} · ${periodName(i18n, period)}`}
        </h2>
        <p class="intro">{t("cardsIntro")}</p>
        <LoadedView state={status}>
          {(report) =>
            report.targets.length ? (
              <>
                <ul class="target-cards">
                  {report.targets.map((row) => (
                    <TargetCard
                      key={row.service ?? "*"}
                      row={row}
                      period={report.period}
                      periodPartial={report.to >= day}
                    />
                  ))}
                </ul>
                <CardLegend />
                <TargetHeatmap report={report} />
              </>
            ) : (
              <p>{t("noTargets")}</p>
            )
          }
        </LoadedView>
      </section>
      {hasRole(session, "head") && (
        <section class="panel" aria-labelledby="targets-title">
          <h2 id="targets-title">{t("targetsTitle")}</h2>
          <TargetForm period={period} services={services} onSaved={status.reload} />
        </section>
      )}
      <section class="panel" aria-labelledby="comparison-title">
        <h2 id="comparison-title">{t("comparisonTitle")}</h2>
        <p class="intro">{`${t("comparisonIntro")} ${t("comparisonWindows")}`}</p>
        <LoadedView state={comparison}>
          {(data) => (
            <ScrollRegion label={t("comparisonTitle")}>
              <table>
                <caption>
                  {`${t("periodA")}: ${date(data.a.from)} – ${date(data.a.to)}; ${t("periodB")}: ${date(data.b.from)} – ${date(data.b.to)}`}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("service")}</th>
                    <th scope="col" class="num">
                      {t("periodA")}
                    </th>
                    <th scope="col" class="num">
                      {t("periodB")}
                    </th>
                    <th scope="col" class="num">
                      {t("difference")}
                    </th>
                    <th scope="col">{t("interval95")}</th>
                    <th scope="col" class="num">
                      {t("pValue")}
                    </th>
                    <th scope="col">{t("significant")}</th>
                  </tr>
                </thead>
                <tbody>
                  {[{ value: t("organisation"), ...data.overall }, ...data.rows].map((row) => {
                    const weak = small(row.a.n) || small(row.b.n);
                    return (
                      <tr key={row.value} class={weak ? "row-weak" : undefined}>
                        <th scope="row">
                          {row.value}
                          {weak && (
                            <>
                              <span class="hint" aria-hidden="true">{` · ${t("smallShort")}`}</span>
                              <span class="visually-hidden">
                                {`, ${t("smallSampleMark", { min: MIN_JUDGED_RESPONSES })}`}
                              </span>
                            </>
                          )}
                        </th>
                        <td class="num">
                          {percent(row.a.csat)} <span class="hint">n={row.a.n}</span>
                        </td>
                        <td class="num">
                          {percent(row.b.csat)} <span class="hint">n={row.b.n}</span>
                        </td>
                        <td class="num">{row.change ? formatPoints(i18n, row.change.difference) : "–"}</td>
                        <td>
                          {row.change
                            ? `${formatPoints(i18n, row.change.low)} … ${formatPoints(i18n, row.change.high)}`
                            : "–"}
                        </td>
                        <td class="num">
                          {row.change ? (row.change.adjustedPValue ?? row.change.pValue).toFixed(3) : "–"}
                        </td>
                        <td>
                          {row.change ? (
                            row.change.significant && !weak ? (
                              <Pill tone={row.change.difference > 0 ? "good" : "bad"}>
                                {t("significant")}
                              </Pill>
                            ) : (
                              <Pill tone="neutral">
                                {t(row.change.significant ? "significant" : "notSignificant")}
                              </Pill>
                            )
                          ) : (
                            "–"
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p class="hint">{`${t("smallShort")}: ${t("tooFewResponsesHint", { min: MIN_JUDGED_RESPONSES })}`}</p>
            </ScrollRegion>
          )}
        </LoadedView>
      </section>
    </>
  );
}
