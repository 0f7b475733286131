import { useRef } from "hono/jsx/dom";
import { api } from "../../api/client.js";
import type { SurveyPolicy } from "../../api/types.js";
import {
  FieldProblem,
  type FieldProblems,
  fieldProblems,
  problemId,
} from "../../components/field-problems.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";
import { useState } from "../../use-state.js";

const FORM = "policy";

// The API holds each value to its range and names the field it refuses; the ranges here only guide the keyboard.
const FIELDS: readonly {
  name: keyof SurveyPolicy;
  label: MessageKey;
  hint: MessageKey;
  min: number;
  max: number;
  decimal: boolean;
}[] = [
  {
    name: "throttleDays",
    label: "policyThrottleDays",
    hint: "policyThrottleDaysHint",
    min: 0,
    max: 365,
    decimal: true,
  },
  {
    name: "sampleRate",
    label: "policySampleRate",
    hint: "policySampleRateHint",
    min: 0,
    max: 1,
    decimal: true,
  },
  {
    name: "expiryDays",
    label: "policyExpiryDays",
    hint: "policyExpiryDaysHint",
    min: 1,
    max: 90,
    decimal: false,
  },
  {
    name: "scannerWindowSeconds",
    label: "policyScannerWindow",
    hint: "policyScannerWindowHint",
    min: 0,
    max: 600,
    decimal: false,
  },
  {
    name: "followUpThreshold",
    label: "policyFollowUpThreshold",
    hint: "policyFollowUpThresholdHint",
    min: 0,
    max: 4,
    decimal: false,
  },
];

// A decimal comma is how Polish users write numbers.
function readNumber(data: FormData, name: string): number {
  const text = String(data.get(name) ?? "")
    .trim()
    .replace(",", ".");
  return text === "" ? Number.NaN : Number(text);
}

/** The survey policy as the head sees and changes it; other roles read it. */
export function SurveyPolicyForm(props: {
  policy: SurveyPolicy;
  editable: boolean;
  onSaved: (policy: SurveyPolicy) => void;
}) {
  const { t, number } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [unreadable, setUnreadable] = useState<FieldProblems>(new Map());
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  const problems: FieldProblems = unreadable.size > 0 ? unreadable : fieldProblems(error);

  if (!props.editable) {
    return (
      <>
        <p class="hint">{t("policyReadOnly")}</p>
        <dl class="details-grid">
          {FIELDS.map((field) => (
            <>
              <dt>{t(field.label)}</dt>
              <dd>{number(props.policy[field.name], 2)}</dd>
            </>
          ))}
        </dl>
      </>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const body: SurveyPolicy = {
      throttleDays: readNumber(data, "throttleDays"),
      sampleRate: readNumber(data, "sampleRate"),
      expiryDays: readNumber(data, "expiryDays"),
      scannerWindowSeconds: readNumber(data, "scannerWindowSeconds"),
      followUpThreshold: readNumber(data, "followUpThreshold"),
    };
    setError(null);
    setSaved(false);
    // What is not a number at all is caught here, in the user's language; the API judges the ranges.
    const notNumbers = new Map(
      FIELDS.filter((field) => !Number.isFinite(body[field.name])).map((field) => [
        field.name,
        [{ path: field.name, message: t("notANumber") }],
      ]),
    );
    setUnreadable(notNumbers);
    if (notNumbers.size > 0) {
      requestAnimationFrame(() => result.current?.focus());
      return;
    }
    setBusy(true);
    try {
      props.onSaved(await api.put("/api/v1/settings/survey-policy", { body }));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      // The outcome is where the keyboard goes next: the confirmation, or the summary of what to correct.
      requestAnimationFrame(() => result.current?.focus());
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="policy-title">
      <div ref={result} tabIndex={-1} class="result">
        {problems.size > 0 && (
          <div class="notice notice-error" role="alert">
            <p>{t("formProblems", { count: problems.size })}</p>
          </div>
        )}
        {error !== null && problems.size === 0 && <ProblemNotice error={error} />}
        {saved && (
          <p class="notice notice-good" role="status">
            {t("policySaved")}
          </p>
        )}
      </div>
      <div class="form-grid">
        {FIELDS.map((field) => {
          const hintId = `${FORM}-${field.name}-hint`;
          const refused = problems.has(field.name);
          return (
            <div class="field">
              <label for={`${FORM}-${field.name}`}>{t(field.label)}</label>
              <input
                id={`${FORM}-${field.name}`}
                name={field.name}
                inputMode={field.decimal ? "decimal" : "numeric"}
                value={String(props.policy[field.name])}
                aria-invalid={refused ? "true" : undefined}
                aria-describedby={refused ? `${hintId} ${problemId(FORM, field.name)}` : hintId}
              />
              <span class="hint" id={hintId}>
                {t(field.hint, { min: number(field.min), max: number(field.max) })}
              </span>
              <FieldProblem form={FORM} field={field.name} problems={problems} />
            </div>
          );
        })}
      </div>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {t("save")}
        </button>
      </div>
    </form>
  );
}
