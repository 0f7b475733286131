import { api } from "../../api/client.js";
import { isOneOf, PRIORITY_MODELS, type PrioritySettings } from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { useState } from "../../use-state.js";

/** Heads choose the scoring model, its weights and each service's strategic weight; the backlog re-ranks on save. */
export function PriorityWeights(props: {
  settings: PrioritySettings;
  services: readonly string[];
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { settings } = props;

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const num = (name: string) => Number(String(data.get(name) ?? "0").replace(",", "."));
    const serviceWeights: Record<string, number> = {};
    for (const service of props.services) {
      const raw = String(data.get(`service:${service}`) ?? "").trim();
      if (raw !== "") serviceWeights[service] = Number(raw.replace(",", "."));
    }
    // The select offers only the models there are; anything else keeps the model in force.
    const model = data.get("model");
    setError(null);
    setSaved(false);
    try {
      await api.put("/api/v1/settings/priority", {
        body: {
          model: isOneOf(PRIORITY_MODELS, model) ? model : settings.model,
          weights: { gap: num("gap"), volume: num("volume"), strategic: num("strategic") },
          serviceWeights,
          staleAfterDays: num("staleAfterDays"),
          approvalThreshold:
            String(data.get("approvalThreshold") ?? "").trim() === "" ? null : num("approvalThreshold"),
        },
      });
      setSaved(true);
      props.onSaved();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="weights-title">
      <h2 id="weights-title">{t("weightsTitle")}</h2>
      {error !== null && <ProblemNotice error={error} />}
      <div class="form-grid">
        <label class="wide">
          {t("model")}
          <select name="model">
            {PRIORITY_MODELS.map((model) => (
              <option value={model} selected={model === settings.model}>
                {term(locale, model)}
              </option>
            ))}
          </select>
        </label>
        {(["gap", "volume", "strategic"] as const).map((key) => (
          <label>
            {key}
            <input name={key} type="number" min="0" step="0.1" value={settings.weights[key]} />
          </label>
        ))}
        <label>
          {t("staleAfterDays")}
          <input
            name="staleAfterDays"
            type="number"
            min="1"
            max="3650"
            step="1"
            required
            value={settings.staleAfterDays}
          />
        </label>
        <label>
          {t("approvalThreshold")}
          <input
            name="approvalThreshold"
            type="number"
            min="0"
            step="any"
            value={settings.approvalThreshold ?? ""}
          />
        </label>
      </div>
      <fieldset>
        <legend>{t("services")}</legend>
        <div class="form-grid">
          {props.services.map((service) => (
            <label>
              {service}
              <input
                name={`service:${service}`}
                type="number"
                min="0"
                step="0.5"
                placeholder="1"
                value={settings.serviceWeights[service] ?? ""}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="button button-primary">
          {t("save")}
        </button>
        {saved && <span role="status">{t("saved")}</span>}
      </div>
    </form>
  );
}
