import { ApiError, api } from "../../api/client.js";
import {
  DIMENSIONS,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  type Initiative,
  isOneOf,
  KPI_DIMENSIONS,
  type NewInitiative,
} from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { useState } from "../../use-state.js";
import { DIMENSION_LABELS } from "../satisfaction/dimension-labels.js";

/** The initiative as the form now holds it, in the shape the API takes a new one in. */
function readForm(form: HTMLFormElement): NewInitiative {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? null : Number(text(name).replace(",", ".")));
  const share = (name: string) => {
    const value = number(name);
    return value === null ? null : value / 100;
  };
  const kpiValue = text("kpiValue");
  const kpiDimension = text("kpiDimension");
  // The selects offer only the vocabularies' values; the fallbacks are the choices the form starts with.
  const source = text("source");
  const category = text("category");
  return {
    title: text("title"),
    description: text("description"),
    source: isOneOf(INITIATIVE_SOURCES, source) ? source : "survey-feedback",
    category: isOneOf(INITIATIVE_CATEGORIES, category) ? category : "process",
    owner: text("owner"),
    services: data.getAll("services").map(String),
    effort: number("effort") ?? 0,
    estimatedCost: number("estimatedCost"),
    actualCost: number("actualCost"),
    expectedBenefit: text("expectedBenefit"),
    kpi: isOneOf(KPI_DIMENSIONS, kpiDimension)
      ? {
          dimension: kpiDimension,
          value: kpiDimension === "all" ? "all" : kpiValue,
          baseline: share("kpiBaseline") ?? 0,
          target: share("kpiTarget") ?? 0,
          targetDate: text("kpiTargetDate"),
        }
      : null,
    manualRank: number("manualRank"),
    notes: text("notes"),
  };
}

/** The fields of a draft that differ from what the manager saw, so that the history records real edits only. */
function changedFields<T extends object>(draft: T, seen: (key: keyof T) => unknown): Partial<T> {
  const changed: Partial<T> = {};
  for (const key in draft) {
    if (JSON.stringify(draft[key]) !== JSON.stringify(seen(key) ?? null)) changed[key] = draft[key];
  }
  return changed;
}

/** Creates an initiative, or edits one against the version the manager saw; a 409 offers a reload. */
export function InitiativeForm(props: {
  services: readonly string[];
  initiative?: Initiative;
  onSaved: (initiative: Initiative) => void;
  onCancel: () => void;
  onReload?: () => void;
}) {
  const { t, locale, percent } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const current = props.initiative;
  const services = [...new Set([...props.services, ...(current?.services ?? [])])];

  const submit = async (event: Event) => {
    event.preventDefault();
    const draft = readForm(event.target as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      props.onSaved(
        current
          ? await api.patch("/api/v1/initiatives/{id}", {
              params: { id: current.id },
              body: { expectedVersion: current.version, ...changedFields(draft, (key) => current[key]) },
            })
          : await api.post("/api/v1/initiatives", { body: draft }),
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && "currentVersion" in failure.problem) {
        setConflict(Number(failure.problem.currentVersion));
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const kpi = current?.kpi;
  const pct = (value: number | undefined) =>
    value === undefined ? "" : String(Math.round(value * 1000) / 10);
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="initiative-form-title">
      <h2 id="initiative-form-title">{current ? `${t("edit")} ${current.id}` : t("newInitiative")}</h2>
      {conflict !== null && (
        <div class="notice notice-warn" role="alert">
          <p>
            <strong>{t("conflictTitle")}</strong>
          </p>
          <p>{t("conflictBody", { version: conflict })}</p>
          {props.onReload && (
            <button type="button" class="button" onClick={props.onReload}>
              {t("reload")}
            </button>
          )}
        </div>
      )}
      {error !== null && <ProblemNotice error={error} />}
      <div class="form-grid">
        <label class="wide">
          {t("title")}
          <input name="title" required minLength={3} maxLength={200} value={current?.title ?? ""} />
        </label>
        <label class="wide">
          {t("description")}
          <textarea name="description" rows={3}>
            {current?.description ?? ""}
          </textarea>
        </label>
        <label>
          {t("source")}
          <select name="source">
            {INITIATIVE_SOURCES.map((source) => (
              <option value={source} selected={source === (current?.source ?? "survey-feedback")}>
                {term(locale, source)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("category")}
          <select name="category">
            {INITIATIVE_CATEGORIES.map((category) => (
              <option value={category} selected={category === (current?.category ?? "process")}>
                {term(locale, category)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("owner")}
          <input name="owner" required value={current?.owner ?? ""} />
        </label>
        <label>
          {t("effort")}
          <input name="effort" type="number" min="0.5" step="0.5" required value={current?.effort ?? 5} />
        </label>
        <label>
          {t("estimatedCost")}
          <input name="estimatedCost" type="number" min="0" step="1" value={current?.estimatedCost ?? ""} />
        </label>
        <label>
          {t("actualCost")}
          <input name="actualCost" type="number" min="0" step="0.01" value={current?.actualCost ?? ""} />
        </label>
        <label>
          {t("manualRank")}
          <input name="manualRank" type="number" min="1" step="1" value={current?.manualRank ?? ""} />
        </label>
        <fieldset class="wide">
          <legend>{t("services")}</legend>
          <ul class="chips">
            {services.map((service) => (
              <li>
                <label class="inline">
                  <input
                    type="checkbox"
                    name="services"
                    value={service}
                    checked={current?.services.includes(service)}
                  />
                  {service}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label class="wide">
          {t("expectedBenefit")}
          <textarea name="expectedBenefit" rows={2}>
            {current?.expectedBenefit ?? ""}
          </textarea>
        </label>
        <fieldset class="wide">
          <legend>{t("kpi")}</legend>
          <div class="form-grid">
            <label>
              {t("kpiDimension")}
              <select name="kpiDimension">
                <option value="">{t("none")}</option>
                <option value="all" selected={kpi?.dimension === "all"}>
                  {term(locale, "all")}
                </option>
                {DIMENSIONS.map((dimension) => (
                  <option value={dimension} selected={kpi?.dimension === dimension}>
                    {t(DIMENSION_LABELS[dimension])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("kpiValue")}
              <input
                name="kpiValue"
                list="kpi-services"
                value={kpi?.dimension === "all" ? "" : (kpi?.value ?? "")}
              />
              <datalist id="kpi-services">
                {props.services.map((service) => (
                  <option value={service} />
                ))}
              </datalist>
            </label>
            <label>
              {`${t("baseline")} (%)`}
              <input
                name="kpiBaseline"
                type="number"
                min="0"
                max="100"
                step="0.1"
                value={pct(kpi?.baseline)}
              />
            </label>
            <label>
              {`${t("target")} (%)`}
              <input name="kpiTarget" type="number" min="0" max="100" step="0.1" value={pct(kpi?.target)} />
            </label>
            <label>
              {t("targetDate")}
              <input name="kpiTargetDate" type="date" value={kpi?.targetDate ?? ""} />
            </label>
          </div>
          {kpi && (
            <p class="hint">
              {percent(kpi.baseline)} → {percent(kpi.target)}
            </p>
          )}
        </fieldset>
        <label class="wide">
          {t("notes")}
          <textarea name="notes" rows={2}>
            {current?.notes ?? ""}
          </textarea>
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {t("save")}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
