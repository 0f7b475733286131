import type { Backlog } from "../../api/types.js";
import type { I18n } from "../../i18n/i18n.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";

type Entry = Backlog["items"][number];
type Part = Entry["priority"]["parts"][number];

const LABELS: Record<string, MessageKey> = {
  gap: "partGap",
  volume: "partVolume",
  strategic: "partStrategic",
  effort: "partEffort",
  businessValue: "partBusinessValue",
  timeCriticality: "partTimeCriticality",
  riskReduction: "partRiskReduction",
  jobSize: "partJobSize",
  reach: "partReach",
  impact: "partImpact",
  confidence: "partConfidence",
  wsjf: "partWsjf",
  rice: "partRice",
};

/**
 * The sentence that explains one part, built from the figures the API returns with it, so that it reads in the
 * user's language and shows the same arithmetic the score was computed with; null for a part the app does not know.
 */
function explain(entry: Entry, part: Part, i18n: I18n): string | null {
  const { t, number, percent } = i18n;
  const { priority, initiative } = entry;
  const n = (value: number | undefined) => number(value ?? 0, 2);
  const others = priority.parts.filter((other) => other !== part);
  const sumOf = (parts: readonly Part[]) => parts.reduce((total, each) => total + each.value, 0);
  switch (`${priority.model}:${part.name}`) {
    case "csat-gap:gap":
      return initiative.kpi === null
        ? t("partGapNoKpi")
        : t("partGapExplained", {
            target: percent(initiative.kpi.target),
            points: n(part.input),
            weight: n(part.weight),
            value: n(part.value),
          });
    case "csat-gap:volume": {
      if (initiative.kpi === null) return t("partVolumeNoKpi");
      // The API returns log10(1 + responses a month); the count itself is what a reader recognises.
      const perMonth = Math.round(10 ** (part.input ?? 0) - 1);
      return t("partVolumeExplained", {
        perMonth: number(perMonth),
        log: n(part.input),
        weight: n(part.weight),
        value: n(part.value),
      });
    }
    case "csat-gap:strategic":
      return t("partStrategicExplained", {
        service: n(part.input),
        weight: n(part.weight),
        value: n(part.value),
      });
    case "csat-gap:effort":
      return t("partEffortExplained", {
        terms: others.map((other) => n(other.value)).join(" + "),
        sum: n(sumOf(others)),
        effort: n(part.value),
        score: n(priority.score),
      });
    case "wsjf:wsjf":
      return t("partWsjfMissing");
    case "wsjf:businessValue":
    case "wsjf:timeCriticality":
    case "wsjf:riskReduction":
      return t("partOutOfTen", { value: n(part.value) });
    case "wsjf:jobSize":
      return t("partJobSizeExplained", {
        terms: others.map((other) => n(other.value)).join(" + "),
        sum: n(sumOf(others)),
        size: n(part.value),
        score: n(priority.score),
      });
    case "rice:rice":
      return t("partRiceMissing");
    case "rice:reach":
      return t("partReachExplained", { value: n(part.value) });
    case "rice:impact":
      return t("partImpactExplained", { value: n(part.value) });
    case "rice:confidence":
      return t("partConfidenceExplained", { value: percent(part.value, 0) });
    case "rice:effort":
      return t("partRiceEffortExplained", {
        terms: others.map((other) => n(other.value)).join(" × "),
        product: n(others.reduce((product, each) => product * each.value, 1)),
        effort: n(part.value),
        score: n(priority.score),
      });
    default:
      return null;
  }
}

/** The parts of one backlog score, each with its figure and the arithmetic behind it, in the user's language. */
export function ScoreParts(props: { entry: Entry }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  return (
    <ul class="score-parts">
      {props.entry.priority.parts.map((part) => {
        const label = LABELS[part.name];
        const sentence = explain(props.entry, part, i18n);
        return (
          <li key={part.name}>
            <strong>
              {label ? t(label) : part.name} {number(part.value, 2)}
            </strong>
            {": "}
            {/* A part this app does not know keeps the API's own sentence, which is English. */}
            {sentence ?? <span lang="en">{part.explanation}</span>}
          </li>
        );
      })}
    </ul>
  );
}
