import { type Initiative, isOneOf, RECORD_KINDS } from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { useInitiativePatch } from "./use-initiative-patch.js";

type ServiceDeskRecord = Initiative["records"][number];

/** The incidents, problems and changes an initiative links to, as links; a manager adds and removes them. */
export function RecordsPanel(props: {
  initiative: Initiative;
  editable: boolean;
  onSaved: () => void;
  onConflict: (version: number) => void;
}) {
  const { t, locale } = useI18n();
  const { records } = props.initiative;
  const patch = useInitiativePatch(props);
  const { error } = patch;
  const save = (next: ServiceDeskRecord[]) => patch.save({ records: next });
  const add = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const kind = String(data.get("kind"));
    const url = String(data.get("url") ?? "").trim();
    if (!isOneOf(RECORD_KINDS, kind)) return;
    void save([...records, { kind, id: String(data.get("id") ?? "").trim(), url: url === "" ? null : url }]);
  };

  return (
    <section class="panel" aria-labelledby="records-title">
      <h2 id="records-title">{t("serviceDeskRecords")}</h2>
      {error !== null && <ProblemNotice error={error} />}
      {records.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul>
          {records.map((record, index) => (
            <li key={`${record.kind}${record.id}`}>
              {term(locale, `record-${record.kind}`)}{" "}
              {record.url ? (
                <a href={record.url} target="_blank" rel="noopener noreferrer">
                  {record.id}
                </a>
              ) : (
                record.id
              )}{" "}
              {props.editable && (
                <button
                  type="button"
                  class="button"
                  aria-label={t("removeRecord", { id: record.id })}
                  onClick={() => void save(records.filter((_, k) => k !== index))}
                >
                  {t("remove")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.editable && (
        <form onSubmit={add} aria-label={t("addRecord")}>
          <div class="form-grid">
            <label>
              {t("recordKind")}
              <select name="kind">
                {RECORD_KINDS.map((kind) => (
                  <option value={kind}>{term(locale, `record-${kind}`)}</option>
                ))}
              </select>
            </label>
            <label>
              {t("recordNumber")}
              <input name="id" required maxLength={100} />
            </label>
            <label>
              {t("recordUrl")}
              <input name="url" type="url" maxLength={2000} placeholder="https://" />
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {t("addRecord")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
