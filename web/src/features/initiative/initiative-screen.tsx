import { ApiError } from "../../api/client.js";
import { hasRole } from "../../api/session.js";
import { type Initiative, isOneOf, KPI_DIMENSIONS, type Kpi } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { TrendChart } from "../../components/trend-chart.js";
import { type I18n, useI18n } from "../../i18n/i18n.js";
import { statusTone, term } from "../../i18n/vocabulary.js";
import { href } from "../../router.js";
import { useSession } from "../../session-context.js";
import { useState } from "../../use-state.js";
import { GraveyardFlags } from "../backlog/graveyard-flags.js";
import { InitiativeForm } from "../backlog/initiative-form.js";
import { shiftDay, today, toTrendPoints } from "../satisfaction/trend-points.js";
import { useServices } from "../satisfaction/use-services.js";
import { ImpactPanel } from "./impact-panel.js";
import { chosenKpiIndex, kpiSeriesKey, kpiSeriesLabel, kpisOf } from "./kpi-series.js";
import { KpisPanel } from "./kpis-panel.js";
import { LinkedResponse } from "./linked-response.js";
import { RecordsPanel } from "./records-panel.js";
import { TasksPanel } from "./tasks-panel.js";
import { TransitionForm } from "./transition-form.js";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function isSeries(value: unknown): value is Pick<Kpi, "dimension" | "value"> {
  return (
    typeof value === "object" &&
    value !== null &&
    "dimension" in value &&
    "value" in value &&
    isOneOf(KPI_DIMENSIONS, value.dimension) &&
    typeof value.value === "string"
  );
}

/** A history entry's value in words: a status by its name, a KPI by the series it reads, anything else as stored. */
function showChange(field: string, value: unknown, i18n: I18n): string {
  if (field === "status") return term(i18n.locale, show(value));
  if (field === "kpi" && isSeries(value)) return kpiSeriesLabel(value, i18n.t);
  if (field === "secondaryKpis" && Array.isArray(value) && value.every(isSeries))
    return value.length === 0 ? "–" : value.map((kpi) => kpiSeriesLabel(kpi, i18n.t)).join(", ");
  return show(value);
}

/** The choice of the KPI the trend and the impact verdict show, among the primary and the secondary ones. */
function KpiChoice(props: { kpis: readonly Kpi[]; index: number; onChoose: (kpi: Kpi) => void }) {
  const { t } = useI18n();
  return (
    <div class="filters">
      <label>
        {t("kpiShown")}
        <select
          name="kpiShown"
          onChange={(e: Event) => {
            const kpi = props.kpis[Number((e.target as HTMLSelectElement).value)];
            if (kpi) props.onChoose(kpi);
          }}
        >
          {props.kpis.map((one, k) => (
            <option key={kpiSeriesKey(one)} value={String(k)} selected={k === props.index}>
              {k === 0 ? `${kpiSeriesLabel(one, t)} (${t("primaryKpi")})` : kpiSeriesLabel(one, t)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The KPI shown (`index` among the primary, 0, and the secondary ones), week by week around go-live, with its target. */
function KpiTrend(props: { initiative: Initiative; index: number; onChoose: (kpi: Kpi) => void }) {
  const i18n = useI18n();
  const { implementedAt, raisedAt } = props.initiative;
  const kpis = kpisOf(props.initiative);
  const kpi = kpis[props.index] ?? kpis[0];
  const end = today();
  const start = [
    shiftDay(implementedAt ?? end, -7 * 12),
    shiftDay(raisedAt.slice(0, 10), -7 * 8),
  ].sort()[0] as string;
  const filter = kpi && kpi.dimension !== "all" ? { [kpi.dimension]: kpi.value } : {};
  const trend = useApi(
    "/api/v1/metrics/satisfaction",
    kpi ? { query: { interval: "week", from: start, to: end, ...filter } } : null,
  );
  if (!kpi) return null;
  // The whole organisation in the words the KPI table and the choice use; a narrower series by its value alone.
  const label = kpi.dimension === "all" ? i18n.t("allServices") : kpi.value;
  return (
    <section class="panel" aria-labelledby="kpi-title">
      <h2 id="kpi-title">
        {i18n.t("kpiTrendTitle")}: {i18n.t("csat")} · {label}
      </h2>
      {kpis.length > 1 && <KpiChoice kpis={kpis} index={props.index} onChoose={props.onChoose} />}
      <p class="hint">
        {i18n.t("baseline")} {i18n.percent(kpi.baseline)} → {i18n.t("target")} {i18n.percent(kpi.target)} (
        {i18n.date(kpi.targetDate)})
      </p>
      <LoadedView state={trend}>
        {(data) => (
          <TrendChart
            title={`${i18n.t("kpiTrendTitle")}: ${label}`}
            desc={i18n.t("trendDesc", {
              interval: i18n.t("intervalWeek").toLowerCase(),
              from: i18n.date(data.from),
              to: i18n.date(data.to),
            })}
            points={toTrendPoints(data.buckets ?? [], "week", i18n)}
            centre={data.control?.centre ?? null}
            target={kpi.target}
            marker={
              implementedAt
                ? { at: implementedAt, label: `${i18n.t("legendGoLive")} ${i18n.date(implementedAt)}` }
                : null
            }
          />
        )}
      </LoadedView>
    </section>
  );
}

/** Says that the register has no initiative under this id, with the way back to the backlog. */
function NoSuchInitiative(props: { id: string }) {
  const { t } = useI18n();
  return (
    <div class="notice notice-warn">
      <h1 tabIndex={-1}>{t("initiativeNotFoundTitle")}</h1>
      <p>{t("initiativeNotFound", { id: props.id })}</p>
      <p>
        <a href={href("/backlog")}>{t("backToBacklog")}</a>
      </p>
    </div>
  );
}

/** One initiative: details, KPI trend with go-live, impact verdict, workflow, edit with conflict handling, history. */
export function InitiativeScreen(props: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const session = useSession();
  const services = useServices();
  const state = useApi("/api/v1/initiatives/{id}", { params: { id: props.id } });
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState<number | null>(null);
  // One choice of KPI, by its series, drives both the trend and the impact verdict; it outlives a reorder or a save.
  const [chosenSeries, setChosenSeries] = useState<string | null>(null);
  const choose = (kpi: Kpi) => setChosenSeries(kpiSeriesKey(kpi));
  const shownKpi = (initiative: Initiative) => chosenKpiIndex(kpisOf(initiative), chosenSeries);
  const shownSeries = (initiative: Initiative) => {
    const kpi = kpisOf(initiative)[shownKpi(initiative)];
    return kpi ? kpiSeriesKey(kpi) : "";
  };
  const reload = () => {
    setConflict(null);
    setEditing(false);
    state.reload();
  };

  // The API's own "no such initiative" (a not-found problem), as against a 404 from a route it lacks.
  if (
    state.error instanceof ApiError &&
    state.error.status === 404 &&
    state.error.problem.code === "not-found"
  )
    return <NoSuchInitiative id={props.id} />;

  return (
    <>
      <p>
        <a href={href("/backlog")}>← {t("back")}</a>
      </p>
      <LoadedView state={state}>
        {(initiative) => (
          <>
            <h1 tabIndex={-1}>
              {initiative.id} · {initiative.title}
            </h1>
            <p>
              <Pill tone={statusTone(initiative.status)}>{term(locale, initiative.status)}</Pill>{" "}
              {initiative.statusReason && <span class="hint">({initiative.statusReason})</span>}
              {initiative.heldFrom && (
                <span class="hint">
                  {" "}
                  {t("heldFrom")}: {term(locale, initiative.heldFrom)}
                </span>
              )}
              {initiative.closureCode && (
                <>
                  {" "}
                  <Pill tone={statusTone(initiative.status)}>
                    {`${t("closureCode")}: ${term(locale, initiative.closureCode)}`}
                  </Pill>
                </>
              )}
            </p>
            {initiative.flags.length > 0 && (
              <section class="notice notice-warn" aria-labelledby="flags-title">
                <h2 id="flags-title">{t("flagsTitle")}</h2>
                <GraveyardFlags flags={initiative.flags} />
              </section>
            )}
            {conflict !== null && (
              <div class="notice notice-warn" role="alert">
                <p>
                  <strong>{t("conflictTitle")}</strong>
                </p>
                <p>{t("conflictBody", { version: conflict })}</p>
                <button type="button" class="button" onClick={reload}>
                  {t("reload")}
                </button>
              </div>
            )}
            {hasRole(session, "manager") && !editing && (
              <div class="actions">
                <button type="button" class="button" onClick={() => setEditing(true)}>
                  {t("edit")}
                </button>
              </div>
            )}
            {editing && (
              <InitiativeForm
                services={services}
                initiative={initiative}
                onSaved={() => reload()}
                onCancel={() => setEditing(false)}
                onReload={reload}
              />
            )}
            <div class="columns">
              <div>
                <section class="panel" aria-labelledby="details-title">
                  <h2 id="details-title">{t("description")}</h2>
                  <p>{initiative.description || "–"}</p>
                  <dl class="details-grid">
                    <dt>{t("source")}</dt>
                    <dd>{term(locale, initiative.source)}</dd>
                    <dt>{t("category")}</dt>
                    <dd>{term(locale, initiative.category)}</dd>
                    <dt>{t("services")}</dt>
                    <dd>{initiative.services.join(", ") || "–"}</dd>
                    <dt>{t("owner")}</dt>
                    <dd>{initiative.owner || "–"}</dd>
                    <dt>{t("effort")}</dt>
                    <dd>{i18n.number(initiative.effort, 1)}</dd>
                    <dt>{t("estimatedCost")}</dt>
                    <dd>{i18n.number(initiative.estimatedCost)}</dd>
                    <dt>{t("actualCost")}</dt>
                    <dd>{i18n.number(initiative.actualCost)}</dd>
                    <dt>{t("expectedBenefit")}</dt>
                    <dd>{initiative.expectedBenefit || "–"}</dd>
                    <dt>{t("goLiveDate")}</dt>
                    <dd>{initiative.implementedAt ? i18n.date(initiative.implementedAt) : "–"}</dd>
                    <dt>{t("manualRankShort")}</dt>
                    <dd>{initiative.manualRank ?? "–"}</dd>
                    {initiative.benefitRealised && (
                      <>
                        <dt>{t("verdict")}</dt>
                        <dd>
                          {term(locale, initiative.benefitRealised.outcome)}
                          {initiative.benefitRealised.reason ? ` (${initiative.benefitRealised.reason})` : ""}
                        </dd>
                      </>
                    )}
                    <dt>{t("notes")}</dt>
                    <dd>{initiative.notes || "–"}</dd>
                  </dl>
                </section>
                <TasksPanel
                  initiative={initiative}
                  editable={hasRole(session, "manager")}
                  onSaved={() => reload()}
                  onConflict={setConflict}
                />
                <RecordsPanel
                  initiative={initiative}
                  editable={hasRole(session, "manager")}
                  onSaved={() => reload()}
                  onConflict={setConflict}
                />
                {/* Keyed by version: a saved change reads the KPIs' figures again, and clears the add form. */}
                <KpisPanel
                  key={`kpis-${initiative.version}`}
                  initiative={initiative}
                  services={services}
                  editable={hasRole(session, "manager")}
                  onSaved={() => reload()}
                  onConflict={setConflict}
                />
                <KpiTrend initiative={initiative} index={shownKpi(initiative)} onChoose={choose} />
                {initiative.implementedAt && initiative.kpi && (
                  /*
                   * Keyed by version and the series assessed: the verdict's address names only the KPI's place, so a
                   * promoted KPI (or a changed go-live) at the same place would otherwise keep the old verdict.
                   */
                  <ImpactPanel
                    key={`impact-${initiative.version}-${shownSeries(initiative)}`}
                    initiative={initiative}
                    index={shownKpi(initiative)}
                  />
                )}
              </div>
              <div>
                {/* Offers the steps the server lists for this user, so it shows nothing to an analyst. */}
                <TransitionForm initiative={initiative} onDone={() => reload()} onConflict={setConflict} />
                <section class="panel" aria-labelledby="linked-title">
                  <h2 id="linked-title">{t("linkedResponses")}</h2>
                  {initiative.linkedResponseIds.length ? (
                    <ul>
                      {initiative.linkedResponseIds.map((id) => (
                        <LinkedResponse key={id} id={id} />
                      ))}
                    </ul>
                  ) : (
                    <p>{t("none")}</p>
                  )}
                </section>
                <section class="panel" aria-labelledby="history-title">
                  <h2 id="history-title">{t("history")}</h2>
                  <ol class="history" reversed>
                    {[...initiative.history].reverse().map((entry, index) => (
                      <li key={`${entry.at}${index}`}>
                        <time dateTime={entry.at}>
                          {new Date(entry.at).toLocaleString(locale === "pl" ? "pl-PL" : "en-GB")} ·{" "}
                          {entry.actor}
                        </time>
                        {t("changedFromTo", {
                          field: entry.field,
                          from: showChange(entry.field, entry.from, i18n),
                          to: showChange(entry.field, entry.to, i18n),
                        })}
                        {entry.reason && <em> — {entry.reason}</em>}
                      </li>
                    ))}
                  </ol>
                </section>
              </div>
            </div>
          </>
        )}
      </LoadedView>
    </>
  );
}
