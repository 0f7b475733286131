import { ApiError, api } from "../../api/client.js";
import { hasRole } from "../../api/session.js";
import { FOLLOW_UP_STATUSES, type FollowUpCase, isOneOf } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { FilterForm } from "../../components/filter-form.js";
import { Pager } from "../../components/pager.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { LoadedView } from "../../components/status.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { href, navigate, type Route } from "../../router.js";
import { useSession } from "../../session-context.js";
import { useState } from "../../use-state.js";

const PAGE_SIZE = 25;

function statusTone(followUp: FollowUpCase): string {
  if (followUp.status === "resolved") return "good";
  return followUp.overdue ? "bad" : "warn";
}

/** One case: the rating and comment, notes, and the manager's actions (contact, resolve, note, promote). */
function CaseDetail(props: { id: string; onChanged: () => void }) {
  const { t, locale, date } = useI18n();
  const session = useSession();
  const params = { id: props.id };
  const state = useApi("/api/v1/follow-ups/{id}", { params });
  const [error, setError] = useState<unknown>(null);

  // Runs one of the case's actions, then reloads the case and the queue beside it and moves focus to the case's
  // heading; a refused step (409) reloads too, so the manager sees where the case now stands. True when it worked.
  const act = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) state.reload();
      setError(failure);
      return false;
    }
    state.reload();
    props.onChanged();
    document.getElementById("case-title")?.focus();
    return true;
  };

  return (
    <LoadedView state={state}>
      {(followUp) => (
        <section class="panel" aria-labelledby="case-title">
          <h2 id="case-title" tabIndex={-1}>
            {t("caseTitle", { id: followUp.ticketId ?? followUp.id })}
          </h2>
          {error !== null && <ProblemNotice error={error} />}
          <dl class="details-grid">
            <dt>{t("status")}</dt>
            <dd>
              <Pill tone={statusTone(followUp)}>
                {followUp.overdue && followUp.status !== "resolved"
                  ? `${term(locale, followUp.status)} · ${t("overdue")}`
                  : term(locale, followUp.status)}
              </Pill>
            </dd>
            <dt>{t("score")}</dt>
            <dd>{followUp.rating} / 5</dd>
            <dt>{t("ticket")}</dt>
            <dd>
              {followUp.ticketId ?? "–"} {followUp.ticketTitle ? `· ${followUp.ticketTitle}` : ""}
              {followUp.ticketUrl && (
                <>
                  {" "}
                  <a href={followUp.ticketUrl} rel="noreferrer">
                    {t("openTicket", { id: followUp.ticketId ?? followUp.id })}
                  </a>
                </>
              )}
            </dd>
            <dt>{t("requester")}</dt>
            <dd>{followUp.requesterName ?? "–"}</dd>
            {followUp.requesterEmail && (
              <>
                <dt>{t("requesterEmail")}</dt>
                <dd>
                  <a href={`mailto:${followUp.requesterEmail}`}>{followUp.requesterEmail}</a>
                </dd>
              </>
            )}
            <dt>{t("service")}</dt>
            <dd>
              {followUp.service ?? "–"} {followUp.ownerGroup ? `(${followUp.ownerGroup})` : ""}
            </dd>
            <dt>{t("due")}</dt>
            <dd>{date(followUp.dueAt)}</dd>
            {followUp.initiativeId && (
              <>
                <dt>{t("navBacklog")}</dt>
                <dd>
                  <a href={href(`/initiatives/${followUp.initiativeId}`)}>{followUp.initiativeId}</a>
                </dd>
              </>
            )}
          </dl>
          <h3>{t("comment")}</h3>
          <blockquote class="quote">{followUp.comment || "–"}</blockquote>
          <h3>{t("notes")}</h3>
          {followUp.notes.length ? (
            <ul class="history">
              {followUp.notes.map((note, index) => (
                <li key={`${note.at}${index}`}>
                  <time dateTime={note.at}>
                    {date(note.at)} · {note.actor}
                  </time>
                  {note.text}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("none")}</p>
          )}
          {hasRole(session, "manager") && followUp.status !== "resolved" && (
            <form
              onSubmit={(event: Event) => {
                event.preventDefault();
                const form = event.target as HTMLFormElement;
                const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
                const note = String(new FormData(form).get("note") ?? "").trim();
                const action = submitter?.value ?? "note";
                const expectedVersion = followUp.version;
                // The note goes with this one action only: cleared once it is posted, so the next step does not repeat it.
                const done = (posted: boolean) => {
                  if (posted) form.reset();
                };
                if (action === "note") {
                  if (note)
                    void act(() =>
                      api.post("/api/v1/follow-ups/{id}/notes", { params, body: { note, expectedVersion } }),
                    ).then(done);
                } else if (action === "contacted" || action === "resolved") {
                  void act(() =>
                    api.post("/api/v1/follow-ups/{id}/transitions", {
                      params,
                      body: { to: action, expectedVersion, ...(note ? { note } : {}) },
                    }),
                  ).then(done);
                }
              }}
            >
              <label>
                {t("addNote")}
                <textarea name="note" rows={2} />
              </label>
              <div class="actions">
                <button type="submit" class="button" value="note">
                  {t("addNote")}
                </button>
                {followUp.status === "open" && (
                  <button type="submit" class="button" value="contacted">
                    {t("markContacted")}
                  </button>
                )}
                <button type="submit" class="button button-primary" value="resolved">
                  {t("markResolved")}
                </button>
              </div>
            </form>
          )}
          {hasRole(session, "manager") && !followUp.initiativeId && (
            <div class="actions">
              <button
                type="button"
                class="button"
                onClick={() => {
                  let initiativeId: unknown;
                  void act(async () => {
                    const answer = await api.post("/api/v1/follow-ups/{id}/promote", { params });
                    initiativeId = answer.initiative.id;
                  }).then(() => {
                    // The contract describes the new initiative as a record of its fields: its id is checked here.
                    if (typeof initiativeId === "string") navigate(href(`/initiatives/${initiativeId}`));
                  });
                }}
              >
                {t("promote")}
              </button>
            </div>
          )}
        </section>
      )}
    </LoadedView>
  );
}

/** The low-score follow-up queue, overdue first, with a case opened beside it. */
export function FollowUpsScreen(props: { route: Route; caseId: string | null }) {
  const { t, locale, date } = useI18n();
  const params = props.route.params;
  const status = params.get("status") ?? "";
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? "";
  const queue = useApi("/api/v1/follow-ups", {
    query: { status: isOneOf(FOLLOW_UP_STATUSES, status) ? status : undefined, limit: PAGE_SIZE, cursor },
  });

  return (
    <>
      <h1 tabIndex={-1}>{t("followUpsTitle")}</h1>
      <p class="intro">{t("followUpsIntro")}</p>
      <FilterForm
        fields={["status"]}
        onApply={(values) => {
          setCursors([]);
          navigate(href("/follow-ups", values), { replace: true });
        }}
      >
        <label>
          {t("status")}
          <select name="status">
            <option value="">{t("anyStatus")}</option>
            {FOLLOW_UP_STATUSES.map((value) => (
              <option value={value} selected={value === status}>
                {term(locale, value)}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>
      <div class="columns">
        <LoadedView state={queue}>
          {(data) => {
            // Overdue first, then by due date: the API pages oldest-due first, so this only lifts overdue ones.
            const items = [...data.items].sort(
              (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt),
            );
            return (
              <section class="panel" aria-labelledby="queue-title">
                <h2 id="queue-title">{t("followUpsTitle")}</h2>
                {items.length === 0 ? (
                  <p>{t("noData")}</p>
                ) : (
                  <ScrollRegion label={t("followUpsTitle")}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("ticket")}</th>
                          <th scope="col">{t("score")}</th>
                          <th scope="col">{t("service")}</th>
                          <th scope="col">{t("status")}</th>
                          <th scope="col">{t("due")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {items.map((item) => (
                          <tr
                            key={item.id}
                            class={item.overdue && item.status !== "resolved" ? "is-overdue" : ""}
                          >
                            <th scope="row">
                              <a
                                href={href(`/follow-ups/${item.id}`, { status })}
                                aria-current={item.id === props.caseId ? "true" : undefined}
                              >
                                {item.ticketId ?? item.id}
                              </a>
                              {item.ticketTitle && <span class="hint"> {item.ticketTitle}</span>}
                            </th>
                            <td>{item.rating}</td>
                            <td>{item.service ?? "–"}</td>
                            <td>
                              <Pill tone={statusTone(item)}>
                                {item.overdue && item.status !== "resolved"
                                  ? t("overdue")
                                  : term(locale, item.status)}
                              </Pill>
                            </td>
                            <td>{date(item.dueAt)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollRegion>
                )}
                <Pager cursors={cursors} nextCursor={data.nextCursor} onChange={setCursors} />
              </section>
            );
          }}
        </LoadedView>
        <div>{props.caseId && <CaseDetail id={props.caseId} onChanged={queue.reload} />}</div>
      </div>
    </>
  );
}
