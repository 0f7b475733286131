import { useState } from "hono/jsx/dom";
import { api } from "../../api/client.js";
import { hasRole } from "../../api/session.js";
import { MIN_JUDGED_RESPONSES, type TargetStatus, type TargetStatusReport } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";
import { href, navigate, type Route } from "../../router.js";
import { useSession } from "../../session-context.js";
import { shiftDay, today } from "../satisfaction/trend-points.js";
import { useServices } from "../satisfaction/use-services.js";

const STATUS_LABELS: Record<TargetStatus, MessageKey> = {
  "on-track": "onTrack",
  "at-risk": "atRisk",
  "off-track": "offTrack",
  "too-few-responses": "tooFewResponses",
  "no-data": "statusNoData",
};
const STATUS_MARKS: Record<TargetStatus, string> = {
  "on-track": "✓",
  "at-risk": "!",
  "off-track": "✗",
  "too-few-responses": "n",
  "no-data": "·",
};

/** The month x service heatmap of csat against target: a table whose cells carry status words, figures and intervals. */
function TargetHeatmap(props: { report: TargetStatusReport }) {
  const { t, percent, date } = useI18n();
  const months = props.report.targets[0]?.months.map((m) => m.month) ?? [];
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
              </th>
            ))}
            <th scope="col">{props.report.period}</th>
          </tr>
        </thead>
        <tbody>
          {props.report.targets.map((row) => (
            <tr key={row.service ?? "*"}>
              <th scope="row">{row.service ?? t("organisation")}</th>
              <td>{percent(row.target, 0)}</td>
              {row.months.map((cell) => (
                <td key={cell.month} class={`heat-${cell.status}`}>
                  <span aria-hidden="true">{STATUS_MARKS[cell.status]} </span>
                  {cell.actual === null ? t("statusNoData") : percent(cell.actual, 0)}
                  {cell.ci && (
                    <span class="heat-ci">{`${percent(cell.ci.low, 0)}–${percent(cell.ci.high, 0)}`}</span>
                  )}
                  {cell.status === "too-few-responses" && (
                    <span class="heat-ci" title={t("tooFewResponsesHint", { min: MIN_JUDGED_RESPONSES })}>
                      {`${t("tooFewResponses")}, n=${cell.n}`}
                    </span>
                  )}
                  <span class="visually-hidden">{`, ${t(STATUS_LABELS[cell.status])}, n=${cell.n}`}</span>
                </td>
              ))}
              <td class={`heat-${row.status}`}>
                <Pill tone={row.status}>{t(STATUS_LABELS[row.status])}</Pill>
                <span class="heat-ci">
                  {percent(row.actual)} {row.ci ? `(${percent(row.ci.low)}–${percent(row.ci.high)})` : ""} ·
                  n={row.n}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Lets a head set a csat target for the organisation or a service. */
function TargetForm(props: { period: string; services: readonly string[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
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
        <input name="period" value={props.period} required pattern="\d{4}(-Q[1-4])?" />
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

/** Heads' overview: targets by service and month with honest intervals, and a comparison of two periods. */
export function OverviewScreen(props: { route: Route }) {
  const { t, percent, number, date } = useI18n();
  // Differences of two shares are percentage points, not percent: "+6.4 pp" ("+6,4 p.p." in Polish).
  const points = (value: number) =>
    t("percentPoints", {
      value: `${value > 0 ? "+" : value < 0 ? "−" : "±"}${number(Math.abs(value) * 100, 1)}`,
    });
  const session = useSession();
  const services = useServices();
  const period = props.route.params.get("period") ?? today().slice(0, 4);
  const status = useApi("/api/v1/targets/status", { query: { period } });
  const end = today();
  const b = { from: shiftDay(end, -29), to: end };
  const a = { from: shiftDay(end, -59), to: shiftDay(end, -30) };
  const comparison = useApi("/api/v1/metrics/comparison", {
    query: { dimension: "service", aFrom: a.from, aTo: a.to, bFrom: b.from, bTo: b.to },
  });
  return (
    <>
      <h1 tabIndex={-1}>{t("overviewTitle")}</h1>
      <p class="intro">{t("overviewIntro")}</p>
      <form
        class="filters"
        aria-label={t("filters")}
        onSubmit={(event: Event) => {
          event.preventDefault();
          navigate(
            href("/overview", {
              period: String(new FormData(event.target as HTMLFormElement).get("period")),
            }),
            {
              replace: true,
            },
          );
        }}
      >
        <label>
          {t("periodLabel")}
          <input name="period" value={period} pattern="\d{4}(-Q[1-4])?" required />
        </label>
        <button type="submit" class="button button-primary">
          {t("apply")}
        </button>
      </form>
      <section class="panel" aria-labelledby="targets-title">
        <h2 id="targets-title">{t("targetsTitle")}</h2>
        <LoadedView state={status}>
          {(report) => (report.targets.length ? <TargetHeatmap report={report} /> : <p>{t("noTargets")}</p>)}
        </LoadedView>
        {hasRole(session, "head") && (
          <TargetForm period={period} services={services} onSaved={status.reload} />
        )}
      </section>
      <section class="panel" aria-labelledby="comparison-title">
        <h2 id="comparison-title">{t("comparisonTitle")}</h2>
        <p class="intro">{t("comparisonIntro")}</p>
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
                  {[{ value: t("organisation"), ...data.overall }, ...data.rows].map((row) => (
                    <tr key={row.value}>
                      <th scope="row">{row.value}</th>
                      <td class="num">
                        {percent(row.a.csat)} <span class="hint">n={row.a.n}</span>
                      </td>
                      <td class="num">
                        {percent(row.b.csat)} <span class="hint">n={row.b.n}</span>
                      </td>
                      <td class="num">{row.change ? points(row.change.difference) : "–"}</td>
                      <td>{row.change ? `${points(row.change.low)} … ${points(row.change.high)}` : "–"}</td>
                      <td class="num">
                        {row.change ? (row.change.adjustedPValue ?? row.change.pValue).toFixed(3) : "–"}
                      </td>
                      <td>
                        {row.change ? (
                          row.change.significant ? (
                            <Pill tone={row.change.difference > 0 ? "good" : "bad"}>{t("significant")}</Pill>
                          ) : (
                            <Pill tone="neutral">{t("notSignificant")}</Pill>
                          )
                        ) : (
                          "–"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </LoadedView>
      </section>
    </>
  );
}
