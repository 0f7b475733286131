import { useEffect, useLayoutEffect, useRef } from "hono/jsx/dom";
import { apiUrl, download, request } from "../../api/client.js";
import type { DownloadPath } from "../../api/staff-routes.js";
import { ErrorNotice } from "../../components/status.js";
import { type Locale, useI18n } from "../../i18n/i18n.js";
import { href, navigate } from "../../router.js";
import { useState } from "../../use-state.js";
import { DigestDocument } from "./digest-document.js";

const DIGEST = "/api/v1/digest/{file}" satisfies DownloadPath;

/** The last whole month, the one a digest is sent for: `2026-11` in December 2026. */
function lastMonth(now = new Date()): string {
  const month = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, "0")}`;
}

/** A month written out in the interface's language: `listopad 2026`, `November 2026`. */
function monthName(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "pl" ? "pl-PL" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
}

interface DigestPage {
  html: string | undefined;
  error: Error | undefined;
  reload: () => void;
}

// The page is text, not JSON, so it is read as the client reads any answer, and kept only if it is text.
function useDigestPage(month: string | null): DigestPage {
  const [html, setHtml] = useState<string | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [round, setRound] = useState(0);
  // A layout effect for the reason useApi gives: a digest left at once must not start its load.
  useLayoutEffect(() => {
    if (month === null) return;
    let current = true;
    setHtml(undefined);
    setError(undefined);
    request("get", apiUrl(DIGEST, { params: { file: `${month}.html` } }))
      .then((answer) => {
        if (current) setHtml(typeof answer === "string" ? answer : "");
      })
      .catch((failure: unknown) => {
        if (current) setError(failure instanceof Error ? failure : new Error(String(failure)));
      });
    return () => {
      current = false;
    };
  }, [month, round]);
  return { html, error, reload: () => setRound((r) => r + 1) };
}

/** Picks a month and shows its digest inside the app, with the HTML page and the CSV file to download. */
export function DigestView(props: { month: string | null }) {
  const { t, locale } = useI18n();
  const month = props.month !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(props.month) ? props.month : null;
  const page = useDigestPage(month);
  const [downloadError, setDownloadError] = useState<Error | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows the user's own request only, not a digest opened from a link.
  const asked = useRef(false);

  useEffect(() => {
    if (page.html !== undefined && asked.current) {
      asked.current = false;
      heading.current?.focus();
    }
  }, [page.html]);

  const show = (event: Event) => {
    event.preventDefault();
    const chosen = String(new FormData(event.target as HTMLFormElement).get("month") ?? "");
    asked.current = true;
    setDownloadError(null);
    setDownloaded(null);
    if (chosen === month) {
      page.reload();
      return;
    }
    navigate(href("/settings", { month: chosen }), { replace: true });
  };

  const fetchFile = (format: "html" | "csv") => {
    if (month === null) return;
    const fileName = `pulse-digest-${month}.${format}`;
    setDownloadError(null);
    setDownloaded(null);
    download(DIGEST, fileName, { params: { file: `${month}.${format}` } })
      .then(() => setDownloaded(fileName))
      .catch((failure: Error) => setDownloadError(failure));
  };

  return (
    <>
      <form class="filters" onSubmit={show} aria-label={t("digestPick")}>
        <label>
          {t("month")}
          <input
            type="month"
            name="month"
            value={month ?? lastMonth()}
            pattern="\d{4}-\d{2}"
            min="2000-01"
            max="2100-12"
            required
          />
        </label>
        <button type="submit" class="button button-primary">
          {t("digestShow")}
        </button>
      </form>
      {month === null ? (
        <p class="notice">{t("digestChoose")}</p>
      ) : (
        <>
          <div class="actions">
            <button type="button" class="button" onClick={() => fetchFile("html")}>
              {t("digestDownloadHtml")}
            </button>
            <button type="button" class="button" onClick={() => fetchFile("csv")}>
              {t("digestDownloadCsv")}
            </button>
            {downloaded && <span role="status">{t("digestDownloaded", { file: downloaded })}</span>}
          </div>
          {downloadError && <ErrorNotice error={downloadError} />}
          <section class="digest" aria-labelledby="digest-heading">
            <h3 id="digest-heading" ref={heading} tabIndex={-1}>
              {t("digestOf", { month: monthName(month, locale) })}
            </h3>
            {page.error ? (
              <ErrorNotice error={page.error} retry={page.reload} />
            ) : page.html === undefined ? (
              <p class="loading" role="status">
                {t("loading")}
              </p>
            ) : page.html.trim() === "" ? (
              <p class="notice">{t("digestEmpty")}</p>
            ) : (
              <DigestDocument html={page.html} />
            )}
          </section>
        </>
      )}
    </>
  );
}
