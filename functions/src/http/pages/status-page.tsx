/** @jsxRuntime classic */
/** @jsx h */
import { formatLongDate } from "../../i18n/format-date.js";
import type { Locale } from "../../i18n/locale.js";
import { type Messages, messagesFor } from "../../i18n/messages.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { h } from "./markup.js";
import { type LanguageSwitch, type Organisation, PageLayout } from "./page-layout.js";
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
  organisation?: Organisation | undefined;
  languageSwitch?: LanguageSwitch | undefined;
} & (
  | { kind: "not-found" | "resubscribed" | "error" | "busy" }
  /** `token`: the link opted out from, whose page offers to subscribe again. */
  | { kind: "opted-out"; token?: string | undefined }
  /** `closedAt`: when the survey expired, shown as "This survey closed on …". */
  | { kind: "expired"; closedAt?: string | undefined }
  /** GET must change nothing, so opting out is this page's POST form to `/s/{token}/opt-out`. */
  | { kind: "opt-out-confirm"; token: string; formNonce: string }
);

// The status messages that each page shows: its title (also its heading) and its body.
const MESSAGES_OF = {
  "not-found": "notFound",
  expired: "expired",
  "opted-out": "optedOut",
  "opt-out-confirm": "optOutConfirm",
  resubscribed: "resubscribed",
  error: "error",
  busy: "busy",
} as const satisfies Record<StatusPageKind, keyof Messages["status"]>;

/** A friendly page for an unknown or closed survey, the opt-out confirmation and its result, and errors. */
export function StatusPage(props: StatusPageProps) {
  const m = messagesFor(props.locale).status;
  const text = m[MESSAGES_OF[props.kind]];
  return (
    <PageLayout
      locale={props.locale}
      cspNonce={props.cspNonce}
      title={text.title}
      organisation={props.organisation}
      languageSwitch={props.languageSwitch}
    >
      <h1>{text.title}</h1>
      {props.kind === "expired" && props.closedAt ? (
        <p>{m.expired.closedOn({ date: formatLongDate(props.closedAt, props.locale, props.timeZone) })}</p>
      ) : null}
      <p>{text.body}</p>
      {props.kind === "opt-out-confirm" ? (
        <form method="post" action={`${surveyPath(props.token)}/opt-out`}>
          <input type="hidden" name="nonce" value={props.formNonce} />
          <input type="hidden" name="lang" value={props.locale} />
          <button type="submit" class="button">
            {m.optOutConfirm.button}
          </button>
        </form>
      ) : null}
      {props.kind === "opted-out" && props.token ? (
        <form method="post" action={`${surveyPath(props.token)}/opt-in`}>
          <input type="hidden" name="lang" value={props.locale} />
          <button type="submit" class="button">
            {m.optedOut.undo}
          </button>
        </form>
      ) : null}
    </PageLayout>
  );
}
