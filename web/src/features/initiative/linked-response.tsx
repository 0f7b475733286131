import { ApiError } from "../../api/client.js";
import { reasonLabel } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { LoadedView } from "../../components/status.js";
import { useI18n } from "../../i18n/i18n.js";
import { useState } from "../../use-state.js";

/** The response itself, read once it is opened. */
function ResponseDetails(props: { id: string; panelId: string }) {
  const { t, date, locale } = useI18n();
  const response = useApi("/api/v1/responses/{id}", { params: { id: props.id } });
  // Erased or never rated: the API's not-found, as against a route it lacks.
  const gone =
    response.error instanceof ApiError &&
    response.error.status === 404 &&
    response.error.problem.code === "not-found";
  return (
    <div id={props.panelId} class="linked-response">
      {gone ? (
        <p>{t("linkedResponseGone", { id: props.id })}</p>
      ) : (
        <LoadedView state={response}>
          {(data) => (
            <dl class="details-grid">
              <dt>{t("score")}</dt>
              <dd>{t("linkedResponseScore", { score: data.score })}</dd>
              <dt>{t("ticket")}</dt>
              <dd>
                {data.ticketId}
                {data.title && (
                  <>
                    {" · "}
                    <span lang={data.locale}>{data.title}</span>
                  </>
                )}
              </dd>
              <dt>{t("service")}</dt>
              <dd>{data.dimensions.service ?? "–"}</dd>
              <dt>{t("linkedResponseDay")}</dt>
              <dd>{date(data.day)}</dd>
              <dt>{t("comment")}</dt>
              <dd>
                {data.comment === null ? (
                  t("none")
                ) : (
                  // The requester's own words, in the language they answered in.
                  <q lang={data.locale}>{data.comment}</q>
                )}
              </dd>
              {data.reasons.length > 0 && (
                <>
                  <dt>{t("linkedResponseReasons")}</dt>
                  <dd>{data.reasons.map((reason) => reasonLabel(reason, locale)).join(", ")}</dd>
                </>
              )}
            </dl>
          )}
        </LoadedView>
      )}
    </div>
  );
}

/** One response linked to an initiative: its id, opening in place to the rating and comment behind it. */
export function LinkedResponse(props: { id: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = `linked-response-${props.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <li>
      <button
        type="button"
        class="button"
        aria-expanded={open ? "true" : "false"}
        aria-controls={panelId}
        aria-label={t("linkedResponseOpen", { id: props.id })}
        onClick={() => setOpen(!open)}
      >
        {props.id}
      </button>
      {open && <ResponseDetails id={props.id} panelId={panelId} />}
    </li>
  );
}
