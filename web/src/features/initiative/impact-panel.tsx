import type { Impact } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";

const VERDICTS: Record<Impact["verdict"], MessageKey> = {
  improved: "verdictImproved",
  "no-detectable-change": "verdictNoChange",
  worsened: "verdictWorsened",
  "insufficient-data": "verdictInsufficient",
};

/** The before/after verdict of an implemented initiative, with intervals and the comparison against the rest. */
export function ImpactPanel(props: { id: string }) {
  const { t, percent, date } = useI18n();
  const impact = useApi<Impact>(`/api/v1/initiatives/${encodeURIComponent(props.id)}/impact`);
  const signed = (value: number) => `${value >= 0 ? "+" : ""}${percent(value)}`;
  return (
    <section class="panel" aria-labelledby="impact-title">
      <h2 id="impact-title">{t("impactTitle")}</h2>
      <LoadedView state={impact}>
        {(data) => (
          <>
            <p>
              {t("verdict")}: <Pill tone={data.verdict}>{t(VERDICTS[data.verdict])}</Pill>
            </p>
            {data.verdict === "insufficient-data" && (
              <p class="hint">
                {t("sampleNeeded", { n: Math.max(data.sampleShortfall.before, data.sampleShortfall.after) })}
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
                          ({date(range.from)} – {date(range.to)})
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
            {data.target.change && (
              <p>
                {t("change")}: <strong>{signed(data.target.change.difference)}</strong> ({t("interval95")}{" "}
                {signed(data.target.change.low)} … {signed(data.target.change.high)}; {t("pValue")}{" "}
                {data.target.change.pValue.toFixed(3)})
              </p>
            )}
            {data.differenceInDifferences && (
              <p>
                {t("didLabel")}: <strong>{signed(data.differenceInDifferences.estimate)}</strong> (
                {t("interval95")} {signed(data.differenceInDifferences.low)} …{" "}
                {signed(data.differenceInDifferences.high)}; {t("pValue")}{" "}
                {data.differenceInDifferences.pValue.toFixed(3)})
              </p>
            )}
          </>
        )}
      </LoadedView>
    </section>
  );
}
