import { download } from "../../api/client.js";
import { hasRole } from "../../api/session.js";
import { INITIATIVE_CATEGORIES, INITIATIVE_STATUSES, isOneOf } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { FilterForm, ServiceSelect } from "../../components/filter-form.js";
import { Pager } from "../../components/pager.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { ErrorNotice, LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import { statusTone, term } from "../../i18n/vocabulary.js";
import { href, navigate, type Route } from "../../router.js";
import { useSession } from "../../session-context.js";
import { useState } from "../../use-state.js";
import { useServices } from "../satisfaction/use-services.js";
import { CsvImport } from "./csv-import.js";
import { GraveyardFlags } from "./graveyard-flags.js";
import { InitiativeForm } from "./initiative-form.js";
import { PortfolioPanel } from "./portfolio-panel.js";
import { PriorityWeights } from "./priority-weights.js";
import { ScoreParts } from "./score-parts.js";

const PAGE_SIZE = 20;

/** The ranked CSI backlog: filters, the score and its parts, paging, and the manager and head tools. */
export function BacklogScreen(props: { route: Route }) {
  const { t, locale, number } = useI18n();
  const session = useSession();
  const services = useServices();
  const params = props.route.params;
  const filters = {
    status: params.get("status") ?? "",
    service: params.get("service") ?? "",
    owner: params.get("owner") ?? "",
    category: params.get("category") ?? "",
  };
  // Cursors of the pages before this one, so "previous" needs no server support.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? "";
  const [panel, setPanel] = useState<"none" | "new" | "import" | "weights">("none");
  const [exportError, setExportError] = useState<Error | null>(null);
  const backlog = useApi("/api/v1/initiatives", {
    query: {
      status: filters.status,
      service: filters.service,
      owner: filters.owner,
      // A category the register does not know filters nothing, as an empty one does.
      category: isOneOf(INITIATIVE_CATEGORIES, filters.category) ? filters.category : undefined,
      limit: PAGE_SIZE,
      cursor,
    },
  });

  const applyFilters = (values: Record<string, string>) => {
    setCursors([]);
    navigate(href("/backlog", values), { replace: true });
  };
  const toggle = (next: typeof panel) => setPanel(panel === next ? "none" : next);

  return (
    <>
      <h1 tabIndex={-1}>{t("backlogTitle")}</h1>
      <div class="actions">
        {hasRole(session, "manager") && (
          <button
            type="button"
            class="button button-primary"
            aria-expanded={panel === "new"}
            onClick={() => toggle("new")}
          >
            {t("newInitiative")}
          </button>
        )}
        <button
          type="button"
          class="button"
          onClick={() =>
            void download("/api/v1/initiatives/export.csv", "csi-register.csv").catch((e: Error) =>
              setExportError(e),
            )
          }
        >
          {t("exportCsv")}
        </button>
        {hasRole(session, "manager") && (
          <button
            type="button"
            class="button"
            aria-expanded={panel === "import"}
            onClick={() => toggle("import")}
          >
            {t("importCsv")}
          </button>
        )}
        {hasRole(session, "head") && (
          <button
            type="button"
            class="button"
            aria-expanded={panel === "weights"}
            onClick={() => toggle("weights")}
          >
            {t("weightsTitle")}
          </button>
        )}
      </div>
      {exportError && <ErrorNotice error={exportError} />}
      {panel === "new" && (
        <InitiativeForm
          services={services}
          onSaved={(created) => navigate(href(`/initiatives/${created.id}`))}
          onCancel={() => setPanel("none")}
        />
      )}
      {panel === "import" && <CsvImport onImported={backlog.reload} />}
      {panel === "weights" && backlog.data && (
        <PriorityWeights settings={backlog.data.settings} services={services} onSaved={backlog.reload} />
      )}

      <FilterForm fields={["status", "service", "owner", "category"]} onApply={applyFilters}>
        <label>
          {t("status")}
          <select name="status">
            <option value="">{t("anyStatus")}</option>
            <option value="all" selected={filters.status === "all"}>
              {`${t("anyStatus")} (+ ${term(locale, "closed").toLowerCase()})`}
            </option>
            {INITIATIVE_STATUSES.map((status) => (
              <option value={status} selected={status === filters.status}>
                {term(locale, status)}
              </option>
            ))}
          </select>
        </label>
        <ServiceSelect services={services} selected={filters.service} />
        <label>
          {t("owner")}
          <input name="owner" value={filters.owner} />
        </label>
        <label>
          {t("category")}
          <select name="category">
            <option value="">{t("anyCategory")}</option>
            {INITIATIVE_CATEGORIES.map((category) => (
              <option value={category} selected={category === filters.category}>
                {term(locale, category)}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>

      <LoadedView state={backlog}>
        {(data) => (
          <section class="panel" aria-labelledby="backlog-table-title">
            <h2 id="backlog-table-title">
              {t("backlogTitle")} · {number(data.total)} · {term(locale, data.settings.model)}
            </h2>
            {data.items.length === 0 ? (
              <p>{t("noData")}</p>
            ) : (
              <ScrollRegion label={t("backlogTitle")}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col" class="num">
                        {t("rank")}
                      </th>
                      <th scope="col">{t("title")}</th>
                      <th scope="col">{t("status")}</th>
                      <th scope="col">{t("services")}</th>
                      <th scope="col">{t("owner")}</th>
                      <th scope="col">{t("flagsCol")}</th>
                      <th scope="col">{t("scoreCol")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((entry) => {
                      const { rank, pinned, priority, flags, initiative } = entry;
                      return (
                        <tr key={initiative.id}>
                          <td class="num">
                            {rank}
                            {pinned && (
                              <span title={t("pinned", { rank: initiative.manualRank ?? rank })}>
                                {" "}
                                <span aria-hidden="true">📌</span>
                                <span class="visually-hidden">
                                  {t("pinned", { rank: initiative.manualRank ?? rank })}
                                </span>
                              </span>
                            )}
                          </td>
                          <th scope="row">
                            <a href={href(`/initiatives/${initiative.id}`)}>
                              {initiative.id} {initiative.title}
                            </a>
                          </th>
                          <td>
                            <Pill tone={statusTone(initiative.status)}>
                              {term(locale, initiative.status)}
                            </Pill>
                          </td>
                          <td>{initiative.services.join(", ")}</td>
                          <td>{initiative.owner || "–"}</td>
                          <td>
                            <GraveyardFlags flags={flags} />
                          </td>
                          <td>
                            <details>
                              <summary>
                                <span class="score">{number(priority.score, 1)}</span>{" "}
                                <span class="visually-hidden">{t("scoreParts")}</span>
                              </summary>
                              <ScoreParts entry={entry} />
                            </details>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            <Pager cursors={cursors} nextCursor={data.nextCursor} onChange={setCursors} />
          </section>
        )}
      </LoadedView>
      {hasRole(session, "head") && <PortfolioPanel />}
    </>
  );
}
