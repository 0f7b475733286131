import { reasonLabel } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { FilterForm, ServiceSelect } from "../../components/filter-form.js";
import { Pager } from "../../components/pager.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import { href, navigate, type Route } from "../../router.js";
import { useState } from "../../use-state.js";
import { useServices } from "../satisfaction/use-services.js";

/** Comments and the themes that recur in them, so a dip can be read in the requesters' own words. */
export function CommentsScreen(props: { route: Route }) {
  const { t, date, number, percent, locale } = useI18n();
  const services = useServices();
  const params = props.route.params;
  const filters = {
    service: params.get("service") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    score: params.get("score") ?? "",
    theme: params.get("theme") ?? "",
    // The theme's key identifies it in queries; people only ever see the words it was written in.
    label: params.get("label") ?? "",
  };
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? "";
  const themes = useApi("/api/v1/themes", {
    query: { service: filters.service, from: filters.from, to: filters.to },
  });
  const responses = useApi("/api/v1/responses", {
    query: {
      service: filters.service,
      from: filters.from,
      to: filters.to,
      score: filters.score,
      theme: filters.theme,
      hasComment: "true",
      limit: 20,
      cursor,
    },
  });
  const go = (next: Record<string, string>) => {
    setCursors([]);
    navigate(href("/comments", { ...filters, ...next }), { replace: true });
  };

  return (
    <>
      <h1 tabIndex={-1}>{t("commentsTitle")}</h1>
      <FilterForm fields={["service", "from", "to", "score"]} onApply={go}>
        <ServiceSelect services={services} selected={filters.service} />
        <label>
          {t("from")}
          <input type="date" name="from" value={filters.from} />
        </label>
        <label>
          {t("to")}
          <input type="date" name="to" value={filters.to} />
        </label>
        <label>
          {t("score")}
          <select name="score">
            <option value="">1–5</option>
            <option value="1,2" selected={filters.score === "1,2"}>
              1–2
            </option>
            <option value="1,2,3" selected={filters.score === "1,2,3"}>
              1–3
            </option>
            <option value="4,5" selected={filters.score === "4,5"}>
              4–5
            </option>
          </select>
        </label>
      </FilterForm>
      <div class="columns">
        <section class="panel" aria-labelledby="comments-list-title">
          <h2 id="comments-list-title">
            {t("commentsList")}
            {filters.theme && filters.label ? ` · ${filters.label}` : ""}
          </h2>
          {filters.theme && (
            <p>
              <button type="button" class="button" onClick={() => go({ theme: "", label: "" })}>
                ✕ {filters.label || t("themeClear")}
              </button>
            </p>
          )}
          <LoadedView state={responses}>
            {(page) => (
              <>
                {page.items.length === 0 ? (
                  <p>{t("noData")}</p>
                ) : (
                  <ul class="history">
                    {page.items.map((item) => (
                      <li key={item.surveyId}>
                        <time dateTime={item.day}>
                          {date(item.day)} · {item.dimensions.service ?? ""} · {item.ticketId}
                        </time>
                        <Pill
                          tone={item.score >= 4 ? "good" : item.score === 3 ? "warn" : "bad"}
                        >{`${item.score} / 5`}</Pill>{" "}
                        <span lang={item.locale}>{item.comment}</span>
                        {item.reasons.length > 0 && (
                          <ul class="chips" aria-label={t("reasonsChosen")}>
                            {item.reasons.map((reason) => (
                              <li key={reason}>
                                <Pill tone="neutral">{reasonLabel(reason, locale)}</Pill>
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                <Pager cursors={cursors} nextCursor={page.nextCursor} onChange={setCursors} />
              </>
            )}
          </LoadedView>
        </section>
        <section class="panel" aria-labelledby="themes-title">
          <h2 id="themes-title">{t("themesTitle")}</h2>
          <LoadedView state={themes}>
            {(data) => (
              <>
                <table>
                  <caption>{t("themesRanked", { n: data.lowScoreAtMost })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("themesTitle")}</th>
                      <th scope="col" class="num">
                        {t("mentions")}
                      </th>
                      <th scope="col" class="num">
                        {t("lowScoreShare", { n: data.lowScoreAtMost })}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.themes.map((theme) => (
                      <tr key={theme.key}>
                        <th scope="row">
                          <a
                            href={href("/comments", { ...filters, theme: theme.key, label: theme.label })}
                            aria-current={theme.key === filters.theme ? "true" : undefined}
                          >
                            {theme.label}
                          </a>
                        </th>
                        <td class="num">{number(theme.count)}</td>
                        <td class="num">{percent(theme.lowShare, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <h3>{t("growth")}</h3>
                <p>
                  {t("growthMethod", {
                    from: date(data.comparison.from),
                    to: date(data.comparison.to),
                    tested: data.growthTest.tested,
                    fdr: percent(data.growthTest.falseDiscoveryRate, 0),
                  })}
                </p>
                {data.growing.length === 0 ? (
                  <p>{t("growthNone")}</p>
                ) : (
                  <ul class="chips">
                    {data.growing.slice(0, 5).map((theme) => (
                      <li key={theme.key}>
                        <Pill tone={theme.significant ? "bad" : "neutral"}>
                          {`${theme.label}: ${percent(theme.previousShare, 0)} → ${percent(theme.currentShare, 0)}`}
                        </Pill>{" "}
                        {theme.significant
                          ? t("growthSignificant", { q: number(theme.adjustedPValue, 3) })
                          : t("growthNotSignificant", { q: number(theme.adjustedPValue, 3) })}
                      </li>
                    ))}
                  </ul>
                )}
                <h3>{t("reasonsTitle")}</h3>
                {data.reasons.length === 0 ? (
                  <p>{t("noData")}</p>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("reasonsTitle")}</th>
                        <th scope="col" class="num">
                          {t("responsesCount")}
                        </th>
                        <th scope="col" class="num">
                          {t("lowScoreShare", { n: data.lowScoreAtMost })}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.reasons.map((row) => (
                        <tr key={row.reason}>
                          <th scope="row">{reasonLabel(row.reason, locale)}</th>
                          <td class="num">{number(row.count)}</td>
                          <td class="num">{percent(row.lowShare, 0)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </LoadedView>
        </section>
      </div>
    </>
  );
}
