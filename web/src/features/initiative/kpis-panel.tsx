import {
  DIMENSIONS,
  type Initiative,
  isOneOf,
  KPI_DIMENSIONS,
  type Kpi,
  MAX_SECONDARY_KPIS,
} from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import {
  FieldProblem,
  type FieldProblemEntry,
  type FieldProblems,
  fieldProblems,
  problemId,
} from "../../components/field-problems.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { formatPoints } from "../../i18n/format-points.js";
import { useI18n } from "../../i18n/i18n.js";
import { useState } from "../../use-state.js";
import { STATUS_LABELS } from "../overview/status-labels.js";
import { DIMENSION_LABELS } from "../satisfaction/dimension-labels.js";
import { shiftDay } from "../satisfaction/trend-points.js";
import { kpiSeriesLabel } from "./kpi-series.js";
import { useInitiativePatch } from "./use-initiative-patch.js";

const NEW_KPI_FORM = "new-kpi";
const NEW_KPI_FIELDS = ["dimension", "value", "baseline", "target", "targetDate"] as const;
type NewKpiField = (typeof NEW_KPI_FIELDS)[number];

/** What the API said about each field of the KPI being added, which the list it refused holds at `index`. */
function newKpiProblems(error: unknown, index: number): FieldProblems {
  const prefix = `secondaryKpis.${index}.`;
  const found = new Map<NewKpiField, FieldProblemEntry[]>();
  for (const entry of fieldProblems(error).get("secondaryKpis") ?? []) {
    const field = entry.path.slice(prefix.length);
    if (entry.path.startsWith(prefix) && isOneOf(NEW_KPI_FIELDS, field))
      found.set(field, [...(found.get(field) ?? []), entry]);
  }
  return found;
}

/** The KPI the add form holds, in the shape the API takes it. */
function readNewKpi(form: HTMLFormElement): Kpi | null {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const share = (name: string) => Number(text(name).replace(",", ".")) / 100;
  const dimension = text("dimension");
  if (!isOneOf(KPI_DIMENSIONS, dimension)) return null;
  return {
    dimension,
    value: dimension === "all" ? "all" : text("value"),
    baseline: share("baseline"),
    target: share("target"),
    targetDate: text("targetDate"),
  };
}

/**
 * Every KPI of an initiative, the primary first, with its current CSAT and how much of its goal it has made; a
 * manager adds and removes secondary KPIs and makes one of them the primary.
 */
export function KpisPanel(props: {
  initiative: Initiative;
  services: readonly string[];
  editable: boolean;
  onSaved: () => void;
  onConflict: (version: number) => void;
}) {
  const i18n = useI18n();
  const { t, percent, number, date } = i18n;
  const { initiative } = props;
  const primary = initiative.kpi;
  const secondary = initiative.secondaryKpis;
  const state = useApi("/api/v1/initiatives/{id}/kpis", { params: { id: initiative.id } });
  const patch = useInitiativePatch(props);
  const [dimension, setDimension] = useState<string>("service");
  const problems = newKpiProblems(patch.error, secondary.length);
  const points = (value: number | null) => (value === null ? "–" : formatPoints(i18n, value));

  const caption = (window: { days: number; from: string; to: string }) =>
    t("kpisCaption", { days: window.days, from: date(window.from), to: date(window.to) });

  const add = (event: Event) => {
    event.preventDefault();
    const kpi = readNewKpi(event.target as HTMLFormElement);
    if (kpi) void patch.save({ secondaryKpis: [...secondary, kpi] });
  };
  const remove = (index: number) =>
    void patch.save({ secondaryKpis: secondary.filter((_, k) => k !== index) });
  // The old primary takes the chosen one's place among the secondary KPIs, so the others keep their order.
  const makePrimary = (index: number) => {
    const chosen = secondary[index];
    if (!primary || !chosen) return;
    void patch.save({
      kpi: chosen,
      secondaryKpis: secondary.map((kpi, k) => (k === index ? primary : kpi)),
    });
  };
  const problemOf = (field: NewKpiField) => ({
    attributes: problems.has(field)
      ? { "aria-invalid": "true", "aria-describedby": problemId(NEW_KPI_FORM, field) }
      : {},
    note: <FieldProblem form={NEW_KPI_FORM} field={field} problems={problems} />,
  });

  return (
    <section class="panel" aria-labelledby="kpis-title">
      <h2 id="kpis-title">{t("kpisTitle")}</h2>
      <LoadedView state={state}>
        {(data) =>
          data.kpis.length === 0 ? (
            <p>{t("noKpis")}</p>
          ) : (
            <>
              <ScrollRegion label={caption(data.window)}>
                <table class="kpis">
                  <caption>{caption(data.window)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("kpiSeries")}</th>
                      <th scope="col" class="num">
                        {t("baseline")}
                      </th>
                      <th scope="col" class="num">
                        {t("kpiCurrent")}
                      </th>
                      <th scope="col" class="num">
                        {t("kpiTargetBy")}
                      </th>
                      <th scope="col" class="num">
                        {t("change")}
                      </th>
                      <th scope="col" class="num">
                        {t("kpiOfGoal")}
                      </th>
                      <th scope="col">{t("status")}</th>
                      {props.editable && <th scope="col">{t("kpiActions")}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.kpis.map((row, index) => {
                      const label = kpiSeriesLabel(row.kpi, t);
                      const { current } = row;
                      return (
                        <tr
                          key={`${row.kpi.dimension}:${row.kpi.value}`}
                          class={row.primary ? "is-primary" : ""}
                        >
                          <th scope="row">
                            {label}
                            {row.primary && (
                              <>
                                {" "}
                                <Pill tone="neutral">{t("primaryKpi")}</Pill>
                              </>
                            )}
                          </th>
                          <td class="num">{percent(row.kpi.baseline)}</td>
                          <td class="num">
                            {current.from > current.to ? (
                              // Still in the settling days after go-live: nothing is counted yet.
                              t("kpiSettlingUntil", { date: date(shiftDay(current.from, -1)) })
                            ) : (
                              <>
                                {percent(current.csat)}
                                {current.from > data.window.from && (
                                  <span class="cell-detail">
                                    {t("kpiCountedSince", { date: date(current.from) })}
                                  </span>
                                )}
                                <span class="cell-detail">{t("kpiResponses", { n: number(current.n) })}</span>
                                {current.ci && (
                                  <span class="cell-detail">
                                    {percent(current.ci.low)}–{percent(current.ci.high)}
                                  </span>
                                )}
                              </>
                            )}
                          </td>
                          <td class="num">
                            {percent(row.kpi.target)}
                            <span class="cell-detail">{date(row.kpi.targetDate)}</span>
                          </td>
                          <td class="num">{points(row.change)}</td>
                          <td class="num">{row.ofGoal === null ? "–" : percent(row.ofGoal, 0)}</td>
                          <td>
                            <Pill tone={row.status}>{t(STATUS_LABELS[row.status])}</Pill>
                          </td>
                          {props.editable && (
                            <td>
                              {!row.primary && (
                                <div class="row-actions">
                                  <button
                                    type="button"
                                    class="button"
                                    aria-label={t("makePrimaryOf", { kpi: label })}
                                    onClick={() => makePrimary(index - 1)}
                                  >
                                    {t("makePrimary")}
                                  </button>
                                  <button
                                    type="button"
                                    class="button"
                                    aria-label={t("removeKpi", { kpi: label })}
                                    onClick={() => remove(index - 1)}
                                  >
                                    {t("remove")}
                                  </button>
                                </div>
                              )}
                            </td>
                          )}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollRegion>
              <p class="hint">{t("kpisGoalHint")}</p>
            </>
          )
        }
      </LoadedView>
      {patch.error !== null && <ProblemNotice error={patch.error} />}
      {props.editable && primary && secondary.length >= MAX_SECONDARY_KPIS && (
        <p class="hint">{t("secondaryKpisFull", { max: number(MAX_SECONDARY_KPIS) })}</p>
      )}
      {props.editable && primary && secondary.length < MAX_SECONDARY_KPIS && (
        <form onSubmit={add} aria-labelledby="add-kpi-title">
          <h3 id="add-kpi-title">{t("addSecondaryKpi")}</h3>
          <div class="form-grid">
            <label>
              {t("kpiDimension")}
              <select
                name="dimension"
                {...problemOf("dimension").attributes}
                onChange={(e: Event) => setDimension((e.target as HTMLSelectElement).value)}
              >
                <option value="all" selected={dimension === "all"}>
                  {t("allServices")}
                </option>
                {DIMENSIONS.map((one) => (
                  <option value={one} selected={dimension === one}>
                    {t(DIMENSION_LABELS[one])}
                  </option>
                ))}
              </select>
              {problemOf("dimension").note}
            </label>
            <label>
              {t("kpiValue")}
              <input
                name="value"
                list="secondary-kpi-services"
                maxLength={200}
                required={dimension !== "all"}
                disabled={dimension === "all"}
                {...problemOf("value").attributes}
              />
              <datalist id="secondary-kpi-services">
                {props.services.map((service) => (
                  <option value={service} />
                ))}
              </datalist>
              {problemOf("value").note}
            </label>
            <label>
              {`${t("baseline")} (%)`}
              <input
                name="baseline"
                type="number"
                min="0"
                max="100"
                step="0.1"
                required
                {...problemOf("baseline").attributes}
              />
              {problemOf("baseline").note}
            </label>
            <label>
              {`${t("target")} (%)`}
              <input
                name="target"
                type="number"
                min="0"
                max="100"
                step="0.1"
                required
                {...problemOf("target").attributes}
              />
              {problemOf("target").note}
            </label>
            <label>
              {t("targetDate")}
              <input name="targetDate" type="date" required {...problemOf("targetDate").attributes} />
              {problemOf("targetDate").note}
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {t("addSecondaryKpi")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
