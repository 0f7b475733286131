/** @jsxRuntime classic */
/** @jsx h */
import { formatLongDate } from "../../i18n/format-date.js";
import type { Locale } from "../../i18n/locale.js";
import { messagesFor } from "../../i18n/messages.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { h } from "./markup.js";
import { PageLayout } from "./page-layout.js";
import { surveyPath } from "./survey-page.js";

export type StatusPageKind =
  | "not-found"
  | "expired"
  | "opted-out"
  | "opt-out-confirm"
  | "resubscribed"
  | "error"
  | "busy";

export type StatusPageProps = {
  locale: Locale;
  cspNonce: string;
  /** The organisation's IANA time zone for the dates shown; UTC when absent. */
  timeZone?: string | undefined;
} & (
  | { kind: "not-found" | "resubscribed" | "error" | "busy" }
  /** `token`: the link opted out from, whose page offers to subscribe again. */
  | { kind: "opted-out"; token?: string | undefined }
  /** `closedAt`: when the survey expired, shown as "This survey closed on …". */
  | { kind: "expired"; closedAt?: string | undefined }
  /** GET must change nothing, so opting out is this page's POST form to `/s/{token}/opt-out`. */
  | { kind: "opt-out-confirm"; token: string; formNonce: string }
);

/** The HTTP status each status page is served with. */
export function statusPageHttpStatus(kind: StatusPageKind): 200 | 404 | 410 | 500 | 503 {
  switch (kind) {
    case "not-found":
      return 404;
    case "expired":
      return 410;
    case "error":
      return 500;
    case "busy":
      return 503;
    default:
      return 200;
  }
}

/** A friendly page for an unknown or closed survey, the opt-out confirmation and its result, and errors. */
export function StatusPage(props: StatusPageProps) {
  const m = messagesFor(props.locale).status;
  const layout = { locale: props.locale, cspNonce: props.cspNonce };

  switch (props.kind) {
    case "not-found":
      return (
        <PageLayout {...layout} title={m.notFound.title}>
          <h1>{m.notFound.title}</h1>
          <p>{m.notFound.body}</p>
        </PageLayout>
      );
    case "expired":
      return (
        <PageLayout {...layout} title={m.expired.title}>
          <h1>{m.expired.title}</h1>
          {props.closedAt ? (
            <p>
              {m.expired.closedOn({ date: formatLongDate(props.closedAt, props.locale, props.timeZone) })}
            </p>
          ) : null}
          <p>{m.expired.body}</p>
        </PageLayout>
      );
    case "opt-out-confirm":
      return (
        <PageLayout {...layout} title={m.optOutConfirm.title}>
          <h1>{m.optOutConfirm.title}</h1>
          <p>{m.optOutConfirm.body}</p>
          <form method="post" action={`${surveyPath(props.token)}/opt-out`}>
            <input type="hidden" name="nonce" value={props.formNonce} />
            <input type="hidden" name="lang" value={props.locale} />
            <button type="submit" class="button">
              {m.optOutConfirm.button}
            </button>
          </form>
        </PageLayout>
      );
    case "opted-out":
      return (
        <PageLayout {...layout} title={m.optedOut.title}>
          <h1>{m.optedOut.title}</h1>
          <p>{m.optedOut.body}</p>
          {props.token ? (
            <form method="post" action={`${surveyPath(props.token)}/opt-in`}>
              <input type="hidden" name="lang" value={props.locale} />
              <button type="submit" class="button">
                {m.optedOut.undo}
              </button>
            </form>
          ) : null}
        </PageLayout>
      );
    case "resubscribed":
      return (
        <PageLayout {...layout} title={m.resubscribed.title}>
          <h1>{m.resubscribed.title}</h1>
          <p>{m.resubscribed.body}</p>
        </PageLayout>
      );
    case "error":
      return (
        <PageLayout {...layout} title={m.error.title}>
          <h1>{m.error.title}</h1>
          <p>{m.error.body}</p>
        </PageLayout>
      );
    case "busy":
      return (
        <PageLayout {...layout} title={m.busy.title}>
          <h1>{m.busy.title}</h1>
          <p>{m.busy.body}</p>
        </PageLayout>
      );
  }
}
