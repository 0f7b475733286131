import { useRef } from "hono/jsx/dom";
import { api } from "../../api/client.js";
import type { DigestRecipients } from "../../api/types.js";
import { FieldProblem, fieldProblems, problemId } from "../../components/field-problems.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { useState } from "../../use-state.js";

const FORM = "recipients";

// People paste lists from mail clients, so commas and semicolons separate addresses as well as new lines.
function readAddresses(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((address) => address.trim())
    .filter((address) => address !== "");
}

/** Who receives the monthly digest by email, set by the head as a list of addresses. */
export function DigestRecipientsForm(props: {
  recipients: DigestRecipients;
  onSaved: (recipients: DigestRecipients) => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  const problems = fieldProblems(error);
  const listed = props.recipients.recipients;

  const submit = async (event: Event) => {
    event.preventDefault();
    const addresses = readAddresses(
      String(new FormData(event.target as HTMLFormElement).get("recipients") ?? ""),
    );
    setSent(addresses);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      props.onSaved(await api.put("/api/v1/settings/digest", { body: { recipients: addresses } }));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      requestAnimationFrame(() => result.current?.focus());
    }
  };

  // The API names a refused address by its place in the list it was sent (`recipients.2`); the user sees the address.
  const describe = (path: string) => {
    const index = Number(path.split(".")[1]);
    return Number.isInteger(index) ? (sent[index] ?? path) : t("recipientsLabel");
  };
  const refused = problems.has("recipients");

  return (
    <form onSubmit={submit} noValidate aria-labelledby="recipients-title">
      {listed.length === 0 ? (
        <p class="notice">{t("recipientsNone")}</p>
      ) : (
        <p>{t("recipientsCount", { count: listed.length })}</p>
      )}
      <div ref={result} tabIndex={-1} class="result">
        {refused && (
          <div class="notice notice-error" role="alert">
            <p>{t("formProblems", { count: 1 })}</p>
          </div>
        )}
        {error !== null && !refused && <ProblemNotice error={error} />}
        {saved && (
          <p class="notice notice-good" role="status">
            {t("recipientsSaved", { count: listed.length })}
          </p>
        )}
      </div>
      <div class="field">
        <label for="recipients-list">{t("recipientsLabel")}</label>
        <textarea
          id="recipients-list"
          name="recipients"
          rows={Math.min(Math.max(listed.length + 1, 4), 12)}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={refused ? "true" : undefined}
          aria-describedby={refused ? `recipients-hint ${problemId(FORM, "recipients")}` : "recipients-hint"}
          value={listed.join("\n")}
        />
        <span class="hint" id="recipients-hint">
          {t("recipientsHint")}
        </span>
        <FieldProblem form={FORM} field="recipients" problems={problems} describe={describe} />
      </div>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {t("save")}
        </button>
      </div>
    </form>
  );
}
