import type { Child } from "hono/jsx/dom";
import { ApiError } from "../api/client.js";
import type { Loaded } from "../api/use-api.js";
import { useI18n } from "../i18n/i18n.js";

/** Explains a failed load in the user's words, with a retry. */
export function ErrorNotice(props: { error: Error; retry?: () => void }) {
  const { t } = useI18n();
  const status = props.error instanceof ApiError ? props.error.status : 0;
  const message =
    status === 404 || status === 405
      ? t("notAvailable")
      : status === 403
        ? t("forbidden")
        : props.error.message;
  if (status === 404 || status === 405) {
    return (
      <p class="notice" role="status">
        {message}
      </p>
    );
  }
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{t("errorTitle")}</strong>: {message}
      </p>
      {props.retry && (
        <button type="button" class="button" onClick={props.retry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

/** Renders a load's content once it is there, and a polite loading or error state before. */
export function LoadedView<T>(props: { state: Loaded<T>; children: (data: T) => Child }) {
  const { t } = useI18n();
  const { state } = props;
  if (state.error) return <ErrorNotice error={state.error} retry={state.reload} />;
  if (state.data === undefined)
    return (
      <p class="loading" role="status">
        {t("loading")}
      </p>
    );
  return (
    <div class={state.loading ? "is-refreshing" : ""} aria-busy={state.loading ? "true" : "false"}>
      {props.children(state.data)}
    </div>
  );
}
