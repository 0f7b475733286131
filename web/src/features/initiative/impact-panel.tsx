import type { Impact, Initiative } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { formatPoints } from "../../i18n/format-points.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";
import { kpiSeriesLabel, kpisOf } from "./kpi-series.js";

const VERDICTS: Record<Impact["verdict"], MessageKey> = {
  improved: "verdictImproved",
  "no-detectable-change": "verdictNoChange",
  worsened: "verdictWorsened",
  "not-yet-conclusive": "verdictNotYet",
  "insufficient-data": "verdictInsufficient",
};

type Interval = { estimate: number; low: number; high: number };

/**
 * The before/after verdict of an implemented initiative: the service's own change first, the relative one beside it;
 * with secondary KPIs, of the one the screen shows (`index` among the primary, 0, and the secondary ones).
 */
export function ImpactPanel(props: { initiative: Initiative; index: number }) {
  const i18n = useI18n();
  const { t, percent, number, date } = i18n;
  const { id } = props.initiative;
  const kpis = kpisOf(props.initiative);
  const index = props.index < kpis.length ? props.index : 0;
  const assessed = kpis[index];
  const impact = useApi("/api/v1/initiatives/{id}/impact", {
    params: { id },
    query: index === 0 ? {} : { kpi: index },
  });
  const points = (value: number) => formatPoints(i18n, value);
  const interval = (value: Interval) =>
    `${points(value.estimate)} (${points(value.low)} … ${points(value.high)})`;
  const scoreInterval = (value: Interval) =>
    `${value.estimate >= 0 ? "+" : "−"}${number(Math.abs(value.estimate), 2)} (${number(value.low, 2)} … ${number(value.high, 2)})`;
  return (
    <section class="panel" aria-labelledby="impact-title">
      <h2 id="impact-title">{t("impactTitle")}</h2>
      {/* The choice itself sits with the KPI trend above; this says which KPI the verdict is of. */}
      {kpis.length > 1 && assessed && (
        <p>
          {t("impactKpi")}:{" "}
          <strong>
            {index === 0
              ? `${kpiSeriesLabel(assessed, t)} (${t("primaryKpi")})`
              : kpiSeriesLabel(assessed, t)}
          </strong>
        </p>
      )}
      <LoadedView state={impact}>
        {(data) => (
          <>
            <p>
              {t("verdict")}: <Pill tone={data.verdict}>{t(VERDICTS[data.verdict])}</Pill>{" "}
              <span class="hint">{data.provisional ? t("verdictProvisional") : t("verdictFinal")}</span>
            </p>
            {data.verdict === "not-yet-conclusive" && (
              <p class="hint">
                {data.weeksUntilDetectable === null
                  ? t("notYetNever", { target: points(data.targetChange) })
                  : data.weeksUntilDetectable === 1
                    ? t("notYetOneWeek", { target: points(data.targetChange) })
                    : t("notYetWeeks", {
                        weeks: data.weeksUntilDetectable,
                        target: points(data.targetChange),
                      })}
              </p>
            )}
            {data.minimumDetectableChange !== null && (
              <p class="hint">{t("minimumDetectable", { mdc: points(data.minimumDetectableChange) })}</p>
            )}
            {data.verdict === "insufficient-data" && (
              <p class="hint">
                {t("insufficientReason", {
                  n: data.insufficientData.minimumResponses,
                  reason: data.insufficientData.reason,
                })}
              </p>
            )}
            <table>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{t("csat")}</th>
                  <th scope="col">{t("interval95")}</th>
                  <th scope="col">{t("responses")}</th>
                </tr>
              </thead>
              <tbody>
                {(["before", "after"] as const).map((side) => {
                  const w = data.target[side];
                  const range = data.windows[side];
                  return (
                    <tr key={side}>
                      <th scope="row">
                        {t(side)}{" "}
                        <span class="hint">
                          ({date(range.from)} – {date(range.to)}
                          {side === "after" &&
                            `; ${data.windows.afterOpen ? t("windowOpen") : t("windowClosed")}${
                              data.windows.afterReadThrough
                                ? `, ${t("countedThrough", { date: date(data.windows.afterReadThrough) })}`
                                : ""
                            }`}
                          )
                        </span>
                      </th>
                      <td>{percent(w.csat)}</td>
                      <td>{w.ci ? `${percent(w.ci.low)}–${percent(w.ci.high)}` : "–"}</td>
                      <td>{w.n}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {data.change && (
              <p>
                {t("ownChange")}: <strong>{interval(data.change)}</strong>
              </p>
            )}
            {data.differenceInDifferences && (
              <p>
                {t("relativeChange")}: {interval(data.differenceInDifferences)}
              </p>
            )}
            {data.meanChange && (
              <p>
                {t("meanChange")}: {scoreInterval(data.meanChange)}
              </p>
            )}
            <p class="hint">
              {t("impactMethod", {
                method: t("impactMethodName"),
                look: data.method.look,
                planned: data.method.plannedLooks,
                confidence: percent(data.method.confidence, 2),
              })}
            </p>
          </>
        )}
      </LoadedView>
    </section>
  );
}
