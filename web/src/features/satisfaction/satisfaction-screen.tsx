import { DIMENSIONS, type Interval, isOneOf, type Summary } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { BarChart } from "../../components/bar-chart.js";
import { FilterForm, ServiceSelect } from "../../components/filter-form.js";
import { IntervalChart } from "../../components/interval-chart.js";
import { LoadedView } from "../../components/status.js";
import { TrendChart } from "../../components/trend-chart.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";
import { href, navigate, type Route } from "../../router.js";
import { ControlNotes } from "./control-notes.js";
import { DIMENSION_LABELS, SIGNAL_LABELS } from "./dimension-labels.js";
import { bucketLabel, today, toTrendPoints } from "./trend-points.js";
import { useServices } from "./use-services.js";

const INTERVALS: readonly [Interval, MessageKey][] = [
  ["day", "intervalDay"],
  ["week", "intervalWeek"],
  ["month", "intervalMonth"],
  ["quarter", "intervalQuarter"],
];
const INTERVAL_NAMES = INTERVALS.map(([interval]) => interval);

/** Headline figures of a summary: csat with its interval, volume, response rate, mean. */
export function SummaryTiles(props: { totals: Summary }) {
  const { t, percent, number } = useI18n();
  const { totals } = props;
  return (
    <dl class="tiles">
      <div class="tile">
        <dt>{t("csatLong")}</dt>
        <dd>
          <span class="tile-value">{percent(totals.csat)}</span>
          {totals.ci && (
            <span class="tile-sub">
              {t("interval95")}: {percent(totals.ci.low)}–{percent(totals.ci.high)}
            </span>
          )}
        </dd>
      </div>
      <div class="tile">
        <dt>{t("responses")}</dt>
        <dd>
          <span class="tile-value">{number(totals.n)}</span>
          <span class="tile-sub">
            {t("invited")}: {number(totals.invited)}
          </span>
        </dd>
      </div>
      <div class="tile">
        <dt>{t("responseRate")}</dt>
        <dd>
          <span class="tile-value">{percent(totals.responseRate)}</span>
        </dd>
      </div>
      <div class="tile">
        <dt>{t("mean")}</dt>
        <dd>
          <span class="tile-value">{number(totals.mean, 2)}</span>
          <span class="tile-sub">1–5</span>
        </dd>
      </div>
    </dl>
  );
}

/** The satisfaction trend for the chosen filters: chart with interval band and control limits, signals, distribution and a breakdown. */
export function SatisfactionScreen(props: { route: Route }) {
  const i18n = useI18n();
  const { t } = i18n;
  const params = props.route.params;
  // A link's interval or grouping that the API does not know falls back to the default, as a missing one does.
  const chosenInterval = params.get("interval");
  const interval = isOneOf(INTERVAL_NAMES, chosenInterval) ? chosenInterval : "week";
  const service = params.get("service") ?? "";
  const chosenGroup = params.get("groupBy");
  const groupBy = isOneOf(DIMENSIONS, chosenGroup) ? chosenGroup : "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const baselineFrom = params.get("baselineFrom") ?? "";
  const baselineTo = params.get("baselineTo") ?? "";
  const services = useServices();
  const trend = useApi("/api/v1/metrics/satisfaction", {
    query: { interval, service, from, to, baselineFrom, baselineTo },
  });
  const breakdown = useApi(
    "/api/v1/metrics/satisfaction",
    groupBy ? { query: { interval, service, from, to, groupBy } } : null,
  );

  const applyFilters = (values: Record<string, string>) =>
    navigate(href("/satisfaction", values), { replace: true });

  return (
    <>
      <h1 tabIndex={-1}>{t("satisfactionTitle")}</h1>
      <FilterForm
        fields={["service", "interval", "from", "to", "baselineFrom", "baselineTo", "groupBy"]}
        onApply={applyFilters}
      >
        <ServiceSelect services={services} selected={service} />
        <label>
          {t("interval")}
          <select name="interval">
            {INTERVALS.map(([value, key]) => (
              <option value={value} selected={value === interval}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("from")}
          <input type="date" name="from" value={from || trend.data?.from || ""} />
        </label>
        <label>
          {t("to")}
          <input type="date" name="to" value={to || trend.data?.to || ""} />
        </label>
        <label>
          {t("baselineFrom")}
          <input type="date" name="baselineFrom" value={baselineFrom} />
        </label>
        <label>
          {t("baselineTo")}
          <input type="date" name="baselineTo" value={baselineTo} />
        </label>
        <label>
          {t("groupBy")}
          <select name="groupBy">
            <option value="">{t("noBreakdown")}</option>
            {DIMENSIONS.map((dimension) => (
              <option value={dimension} selected={dimension === groupBy}>
                {t(DIMENSION_LABELS[dimension])}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>

      <LoadedView state={trend}>
        {(data) => {
          const buckets = data.buckets ?? [];
          const totals = data.totals;
          const intervalName = t(
            INTERVALS.find(([value]) => value === data.interval)?.[1] ?? "intervalWeek",
          ).toLowerCase();
          return (
            <>
              {totals && <SummaryTiles totals={totals} />}
              <section aria-labelledby="trend-heading" class="panel">
                <h2 id="trend-heading">
                  {t("trendTitle")}
                  {service ? ` · ${service}` : ""}
                </h2>
                {totals && totals.n > 0 ? (
                  <TrendChart
                    title={t("trendTitle")}
                    desc={t("trendDesc", {
                      interval: intervalName,
                      from: i18n.date(data.from),
                      to: i18n.date(data.to),
                    })}
                    points={toTrendPoints(buckets, data.interval, i18n, {
                      from: data.from,
                      to: data.to,
                      today: today(),
                    })}
                    centre={data.control?.centre ?? null}
                  />
                ) : (
                  <p>{t("noData")}</p>
                )}
                {data.control && (
                  <ControlNotes
                    control={data.control}
                    label={(start) => bucketLabel(start, data.interval, i18n)}
                  />
                )}
                <h3>{t("signals")}</h3>
                {data.control && data.control.signals.length > 0 ? (
                  <ul class="signals">
                    {data.control.signals.map((signal) => (
                      <li key={`${signal.type}${signal.start}`}>
                        <span class="signal-mark" aria-hidden="true">
                          ◆
                        </span>{" "}
                        {bucketLabel(signal.start, data.interval, i18n)}: {t(SIGNAL_LABELS[signal.type])}
                      </li>
                    ))}
                  </ul>
                ) : data.control?.centre === null ? null : (
                  <p>{t("noSignals")}</p>
                )}
              </section>
              {totals && totals.n > 0 && (
                <section aria-labelledby="distribution-heading" class="panel">
                  <h2 id="distribution-heading">{t("distributionTitle")}</h2>
                  <BarChart
                    title={t("distributionTitle")}
                    desc={t("distributionDesc")}
                    labelHeader={t("score")}
                    bars={(["5", "4", "3", "2", "1"] as const).map((score) => ({
                      label: `${score} ★`,
                      value: totals.distribution[score],
                      tone: score >= "4" ? "high" : score === "3" ? "mid" : "low",
                    }))}
                  />
                </section>
              )}
            </>
          );
        }}
      </LoadedView>

      {groupBy && (
        <section aria-labelledby="breakdown-heading" class="panel">
          <h2 id="breakdown-heading">
            {t("breakdownTitle", { dimension: t(DIMENSION_LABELS[groupBy]).toLowerCase() })}
          </h2>
          <LoadedView state={breakdown}>
            {(data) => {
              const series = Array.isArray(data.series) ? data.series : [];
              const rows = series
                .filter((s) => s.totals.n > 0)
                .sort((a, b) => b.totals.n - a.totals.n)
                .map((s) => ({
                  label: s.value ?? "",
                  value: s.totals.csat,
                  low: s.totals.ci?.low ?? null,
                  high: s.totals.ci?.high ?? null,
                  n: s.totals.n,
                }));
              return rows.length ? (
                <IntervalChart
                  title={t("breakdownTitle", { dimension: t(DIMENSION_LABELS[groupBy]).toLowerCase() })}
                  desc={t("breakdownDesc")}
                  rows={rows}
                />
              ) : (
                <p>{t("noData")}</p>
              );
            }}
          </LoadedView>
        </section>
      )}
    </>
  );
}
