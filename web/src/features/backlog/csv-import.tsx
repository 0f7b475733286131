import { ApiError, api, type Problem } from "../../api/client.js";
import type { ImportReport } from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { ScrollRegion } from "../../components/scroll-region.js";
import { useI18n } from "../../i18n/i18n.js";
import { useState } from "../../use-state.js";

/** The rows of an import: all a report shows, and all that a refused import's problem carries beside its words. */
type ImportRows = Pick<ImportReport, "accepted" | "rejected"> & { counts?: ImportReport["counts"] };

/**
 * The rows a refused import (422) lists. Problems are not described row by row in the contract, so the two lists
 * are checked to be there before they are shown.
 */
function rowsOf(problem: Problem): ImportRows | null {
  const { accepted, rejected } = problem;
  return Array.isArray(accepted) && Array.isArray(rejected) ? { accepted, rejected } : null;
}

/** Uploads a register CSV: first a dry run reporting each row, then the all-or-nothing import. */
export function CsvImport(props: { onImported: () => void }) {
  const { t } = useI18n();
  const [report, setReport] = useState<ImportRows | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (form: HTMLFormElement, dryRun: boolean) => {
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(
        await api.post("/api/v1/initiatives/import", {
          query: { dryRun: dryRun ? "true" : "false" },
          body: await file.text(),
        }),
      );
      if (!dryRun) props.onImported();
    } catch (failure) {
      // A refused real import answers 422 with the same report.
      const rows = failure instanceof ApiError && failure.status === 422 ? rowsOf(failure.problem) : null;
      if (rows) setReport(rows);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="panel"
      aria-labelledby="import-title"
      onSubmit={(event: Event) => {
        event.preventDefault();
        const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
        void send(event.target as HTMLFormElement, submitter?.value !== "import");
      }}
    >
      <h2 id="import-title">{t("importCsv")}</h2>
      <label>
        {t("importFile")}
        <input type="file" name="file" accept=".csv,text/csv" required />
      </label>
      <div class="actions">
        <button type="submit" class="button" value="dry-run" disabled={busy}>
          {t("dryRun")}
        </button>
        <button type="submit" class="button button-primary" value="import" disabled={busy}>
          {t("importNow")}
        </button>
      </div>
      {error !== null && <ProblemNotice error={error} />}
      {report && (
        <div role="status">
          <p class={report.rejected.length ? "notice notice-warn" : "notice notice-good"}>
            {t("importReport", { accepted: report.accepted.length, rejected: report.rejected.length })}
          </p>
          {report.counts && (
            <p>
              {t("importOutcomes", {
                created: report.counts.created,
                updated: report.counts.updated,
                unchanged: report.counts.unchanged,
              })}
            </p>
          )}
          {report.rejected.length > 0 && (
            <ScrollRegion label={t("importCsv")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("row")}</th>
                    <th scope="col">{t("reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((row) => (
                    <tr key={row.line}>
                      <th scope="row">{row.line}</th>
                      <td>
                        {row.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}
                        {row.currentVersion !== undefined &&
                          ` (${t("importCurrentVersion", { version: row.currentVersion })})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </div>
      )}
    </form>
  );
}
