import { useEffect, useRef } from "hono/jsx/dom";
import { ApiError, api } from "../../api/client.js";
import {
  BENEFIT_OUTCOMES,
  CLOSURE_CODES,
  type Initiative,
  type InitiativeStatus,
  type InitiativeTransition,
  isOneOf,
} from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { useState } from "../../use-state.js";
import { today } from "../satisfaction/trend-points.js";

/** Moves an initiative along the workflow, asking for a reason, a go-live day or a benefit verdict where the step needs one. */
export function TransitionForm(props: {
  initiative: Initiative;
  onDone: (next: Initiative) => void;
  onConflict: (version: number) => void;
}) {
  const { t, locale } = useI18n();
  // The steps the server says this user may take from the initiative's status: none for a role that may not move it.
  const next = props.initiative.nextStatuses;
  // A choice counts only while the initiative is still where it was made: once it has moved on, the first step
  // from its new status is offered, so a second press never sends the step that was just taken.
  const [choice, setChoice] = useState<{ from: InitiativeStatus; to: InitiativeStatus } | null>(null);
  const to: InitiativeStatus | "" =
    choice !== null && choice.from === props.initiative.status && next.includes(choice.to)
      ? choice.to
      : (next[0] ?? "");
  const setTo = (value: InitiativeStatus) => setChoice({ from: props.initiative.status, to: value });
  // Empty: let the server take the outcome the impact verdict proposes.
  const [outcome, setOutcome] = useState<(typeof BENEFIT_OUTCOMES)[number] | "">("");
  // Empty: let the server take the closure code the benefit verdict proposes.
  const [closure, setClosure] = useState<(typeof CLOSURE_CODES)[number] | "">("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<InitiativeStatus | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done !== null) doneRef.current?.focus();
  }, [done]);
  const doneNotice = done !== null && (
    <p class="notice" role="status" tabIndex={-1} ref={doneRef}>
      {t("transitionDone", { status: term(locale, done) })}
    </p>
  );
  // A final status offers no step, but the notice of the step that led there stays where focus went.
  if (next.length === 0) return doneNotice || null;
  const needsReason =
    to === "rejected" ||
    to === "deferred" ||
    to === "on-hold" ||
    to === "cancelled" ||
    (to === "reviewed" && outcome === "not-realised");

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const reason = String(data.get("reason") ?? "").trim();
    if (to === "") return;
    setError(null);
    setDone(null);
    const form = event.target as HTMLFormElement;
    try {
      const body: InitiativeTransition = { to, expectedVersion: props.initiative.version };
      if (to === "implemented") body.goLive = String(data.get("goLive"));
      if (to === "reviewed" && outcome !== "") body.benefit = { outcome, reason: reason || null };
      else if (reason) body.reason = reason;
      if (to === "closed" && closure !== "") body.closureCode = closure;
      const moved = await api.post("/api/v1/initiatives/{id}/transitions", {
        params: { id: props.initiative.id },
        body,
      });
      // The next step starts from a clean form: no reason or verdict carried over from this one.
      form.reset();
      setOutcome("");
      setClosure("");
      setChoice(null);
      setDone(moved.status);
      props.onDone(moved);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && "currentVersion" in failure.problem) {
        props.onConflict(Number(failure.problem.currentVersion));
      } else if (failure instanceof ApiError && failure.problem.code === "approval-required") {
        setError(new Error(t("approvalRequired")));
      } else setError(failure);
    }
  };

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="transition-title">
      <h2 id="transition-title">{t("transition")}</h2>
      {error !== null && <ProblemNotice error={error} />}
      {doneNotice}
      <div class="form-grid">
        <label>
          {t("moveTo")}
          <select
            name="to"
            onChange={(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              if (isOneOf(next, value)) setTo(value);
            }}
          >
            {next.map((status) => (
              <option value={status} selected={status === to}>
                {term(locale, status)}
              </option>
            ))}
          </select>
        </label>
        {to === "implemented" && (
          <label>
            {t("goLiveDate")}
            <input type="date" name="goLive" required value={today()} />
          </label>
        )}
        {to === "reviewed" && (
          <label>
            {t("verdict")}
            <select
              name="outcome"
              onChange={(e: Event) => {
                const value = (e.target as HTMLSelectElement).value;
                setOutcome(isOneOf(BENEFIT_OUTCOMES, value) ? value : "");
              }}
            >
              <option value="" selected={outcome === ""}>
                {t("benefitFromVerdict")}
              </option>
              {BENEFIT_OUTCOMES.map((value) => (
                <option value={value} selected={value === outcome}>
                  {term(locale, value)}
                </option>
              ))}
            </select>
          </label>
        )}
        {to === "closed" && (
          <label>
            {t("closureCode")}
            <select
              name="closureCode"
              onChange={(e: Event) => {
                const value = (e.target as HTMLSelectElement).value;
                setClosure(isOneOf(CLOSURE_CODES, value) ? value : "");
              }}
            >
              <option value="" selected={closure === ""}>
                {t("closureFromVerdict")}
              </option>
              {CLOSURE_CODES.map((value) => (
                <option value={value} selected={value === closure}>
                  {term(locale, value)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="wide">
          {needsReason ? t("reasonRequired") : t("reasonOptional")}
          <textarea name="reason" rows={2} required={needsReason} />
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="button button-primary">
          {t("transition")}
        </button>
      </div>
    </form>
  );
}
