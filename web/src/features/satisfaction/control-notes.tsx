import type { ControlSummary } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";

const BASELINE_MESSAGES: Record<ControlSummary["baseline"]["source"], MessageKey> = {
  requested: "baselineRequested",
  "before-range": "baselineBeforeRange",
  "range-start": "baselineRangeStart",
  "whole-range": "baselineWholeRange",
};

/** What a control chart can and cannot say: the baseline its limits come from, its limits and rules, and how often it signals by chance. */
export function ControlNotes(props: { control: ControlSummary; label: (start: string) => string }) {
  const { t, percent, number } = useI18n();
  const { control } = props;
  const { baseline } = control;
  if (control.centre === null || baseline.from === null || baseline.to === null) {
    return <p class="control-notes">{t("noBaseline")}</p>;
  }
  return (
    <ul class="control-notes">
      <li>
        {t(BASELINE_MESSAGES[baseline.source], {
          from: props.label(baseline.from),
          to: props.label(baseline.to),
          buckets: number(baseline.buckets),
          n: number(baseline.n),
        })}
      </li>
      {baseline.excluded.length > 0 && (
        <li>{t("baselineExcluded", { count: number(baseline.excluded.length) })}</li>
      )}
      {control.limits === "laney" && <li>{t("limitsLaney", { sigmaZ: number(control.sigmaFactor, 2) })}</li>}
      <li>
        {t("chartRules", {
          k: number(control.rules.cusum.k, 2),
          h: number(control.rules.cusum.h, 2),
          arl: number(control.rules.cusum.inControlArl),
        })}
      </li>
      {control.falseAlarm && (
        <li>
          {t("falseAlarmRate", {
            points: number(control.falseAlarm.points),
            rate: percent(control.falseAlarm.rate, 0),
          })}
        </li>
      )}
    </ul>
  );
}
