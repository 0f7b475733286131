/** @jsxRuntime classic */
/** @jsx h */
import type { Score } from "../../domain/survey.js";
import { formatLongDate } from "../../i18n/format-date.js";
import { type Locale, otherLocale } from "../../i18n/locale.js";
import { type Messages, messagesFor } from "../../i18n/messages.js";
import { HIGH_SCORE_REASON_CODES, LOW_SCORE_REASON_CODES, type ReasonCode } from "../../i18n/reason-tags.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { h } from "./markup.js";
import { type Organisation, PageLayout } from "./page-layout.js";
import { SURVEY_SCRIPT } from "./survey-script.js";

/** The longest comment the page lets a requester type; the server checks the same limit. */
export const COMMENT_MAX_LENGTH = 2000;
export const DEFAULT_AUTO_CONFIRM_DELAY_MS = 5000;

const SCORES: readonly Score[] = [1, 2, 3, 4, 5];

export interface SurveyPageProps {
  locale: Locale;
  token: string;
  ticket: { id: string; title: string; service?: string | undefined; agent?: string | undefined };
  organisation?: Organisation | undefined;
  /** The score from the email link (`?score=N`): shown chosen, not recorded. */
  chosenScore?: Score | undefined;
  /** What is recorded now, if anything. */
  recorded?: { score: Score; comment?: string | undefined; reasons: string[] } | undefined;
  /** What the requester posted when the server refused it, so nothing typed is lost; wins over `recorded`. */
  draft?: { comment?: string | undefined; reasons?: string[] | undefined } | undefined;
  /** The one-time value the POST must carry (hidden field `nonce`). */
  formNonce: string;
  /** The CSP nonce for the inline `<script>` and `<style>`. */
  cspNonce: string;
  expiresAt: string;
  justSaved?: boolean | undefined;
  /** The saved rating opened a follow-up case: the thanks say that someone will be in touch. */
  followUp?: boolean | undefined;
  /** The field a post was refused for (`score`, `comment`, `reasons.0`, `nonce` ...), which the page words itself. */
  error?: { field: string } | undefined;
  autoConfirmDelayMs?: number | undefined;
  /** The organisation's IANA time zone for the dates shown; UTC when absent. */
  timeZone?: string | undefined;
}

/** The path a survey's page lives at and posts to, always relative so the page names no other origin. */
export function surveyPath(token: string): string {
  return `/s/${encodeURIComponent(token)}`;
}

/**
 * The requester's survey page: five score radios and one confirm button that work without script, reason tags,
 * a comment, and an inline script that confirms a score chosen from the email once the page has been visible.
 */
export function SurveyPage(props: SurveyPageProps) {
  const { locale, ticket, chosenScore, recorded, error, justSaved } = props;
  const m = messagesFor(locale);
  const t = m.survey;
  const action = surveyPath(props.token);
  const selected = chosenScore ?? recorded?.score;
  const comment = props.draft?.comment ?? recorded?.comment ?? "";
  const ticked = new Set(props.draft?.reasons ?? recorded?.reasons ?? []);
  // The link's score needs confirming only when it differs from what is already recorded.
  const autoScore =
    chosenScore !== undefined && recorded?.score !== chosenScore && !error ? chosenScore : undefined;
  const delay = Math.max(0, Math.round(props.autoConfirmDelayMs ?? DEFAULT_AUTO_CONFIRM_DELAY_MS));
  const openUntil = formatLongDate(props.expiresAt, locale, props.timeZone);
  const switchQuery = new URLSearchParams({ lang: otherLocale(locale) });
  if (chosenScore !== undefined) switchQuery.set("score", String(chosenScore));
  const scoreLabel = (score: Score) => `${score} — ${m.scores[score]}`;
  const refused = error ? refusal(error.field, t) : undefined;
  // The one button's words, which every message that tells the requester to press it repeats.
  const button = { button: recorded ? t.saveChanges : t.confirm };

  return (
    <PageLayout
      locale={locale}
      title={t.documentTitle({ ticketId: ticket.id })}
      cspNonce={props.cspNonce}
      script={SURVEY_SCRIPT}
      organisation={props.organisation}
      languageSwitch={{ href: `${action}?${switchQuery.toString()}` }}
    >
      <h1>{t.heading}</h1>
      <p class="ticket">{t.ticket({ ticketId: ticket.id, title: ticket.title })}</p>
      {ticket.service ? <p class="muted">{t.service({ service: ticket.service })}</p> : null}
      {ticket.agent ? <p class="muted">{t.agent({ agent: ticket.agent })}</p> : null}

      {refused ? (
        <div class="notice bad" role="alert">
          <h2>{t.errorSummary}</h2>
          <p>{refused.anchor ? <a href={`#${refused.anchor}`}>{refused.text}</a> : refused.text}</p>
        </div>
      ) : null}
      {justSaved && !error ? (
        <div class="notice ok" role="status">
          <p>{t.saved}</p>
          {props.followUp ? <p>{t.followUp}</p> : null}
        </div>
      ) : null}

      <p id="current-rating" class="current" hidden={!recorded}>
        {recorded ? t.currentRating({ score: scoreLabel(recorded.score) }) : ""}
      </p>

      <form
        id="survey-form"
        method="post"
        action={action}
        data-auto-score={autoScore === undefined ? undefined : String(autoScore)}
        data-auto-delay={String(delay)}
        data-msg-auto-pending={t.autoPending}
        data-msg-auto-cancelled={t.autoCancelled(button)}
        data-msg-auto-done={t.autoDone}
        data-msg-auto-failed={t.autoFailed(button)}
        data-msg-saved={t.saved}
        data-msg-follow-up={t.followUp}
        data-msg-counter={t.commentCounter({ count: "{count}", max: COMMENT_MAX_LENGTH })}
        data-msg-current={t.currentRating({ score: "{score}" })}
        data-label-save={t.saveChanges}
      >
        <input type="hidden" id="nonce-field" name="nonce" value={props.formNonce} />
        <input type="hidden" name="mode" value="deliberate" />
        <input type="hidden" name="lang" value={locale} />

        <fieldset class="scores" aria-describedby={refused?.field === "score" ? "score-error" : undefined}>
          <legend>{t.scoreLegend}</legend>
          {refused?.field === "score" ? (
            <p id="score-error" class="field-error">
              {refused.text}
            </p>
          ) : null}
          <div class="choices">
            {SCORES.map((score) => (
              <div class="choice score">
                <input
                  type="radio"
                  id={`score-${score}`}
                  name="score"
                  value={String(score)}
                  checked={selected === score}
                  required={score === 1}
                />
                <label id={`score-${score}-label`} for={`score-${score}`}>
                  {scoreLabel(score)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        {selected !== undefined && !recorded && !justSaved ? (
          <p id="auto-note" class="muted">
            {t.notRecordedYet(button)}
          </p>
        ) : (
          <p id="auto-note" class="muted" hidden />
        )}
        <p id="status" class="live" role="status" aria-live="polite" />

        <ReasonGroup
          id="reasons-low"
          group="low"
          heading={t.lowReasonsHeading}
          hint={t.reasonsHint}
          codes={LOW_SCORE_REASON_CODES}
          labels={m.reasons}
          ticked={ticked}
        />
        <ReasonGroup
          id="reasons-high"
          group="high"
          heading={t.highReasonsHeading}
          hint={t.reasonsHint}
          codes={HIGH_SCORE_REASON_CODES}
          labels={m.reasons}
          ticked={ticked}
        />

        <label class="field-label" for="comment">
          {t.commentLabel}
        </label>
        <p id="comment-hint" class="below-label muted">
          {t.commentHint({ max: COMMENT_MAX_LENGTH })}
        </p>
        {refused?.field === "comment" ? (
          <p id="comment-error" class="field-error">
            {refused.text}
          </p>
        ) : null}
        <textarea
          id="comment"
          name="comment"
          rows={5}
          maxlength={COMMENT_MAX_LENGTH}
          aria-describedby={refused?.field === "comment" ? "comment-hint comment-error" : "comment-hint"}
          aria-invalid={refused?.field === "comment" ? "true" : undefined}
        >
          {/* The parser drops one newline right after <textarea>, so a leading one keeps the comment exact. */}
          {`\n${comment}`}
        </textarea>
        <p id="comment-count" class="counter" hidden>
          {t.commentCounter({ count: String(comment.length), max: COMMENT_MAX_LENGTH })}
        </p>

        <button type="submit" id="confirm-button" class="button">
          {button.button}
        </button>
        {/* A save is confirmed here, where the requester's eyes are after pressing the button (the script's). */}
        <p id="save-status" class="live" role="status" aria-live="polite" />
      </form>

      <p class="muted expiry">
        {recorded ? t.canChangeUntil({ date: openUntil }) : t.openUntil({ date: openUntil })}
      </p>
    </PageLayout>
  );
}

function ReasonGroup(props: {
  id: string;
  group: "low" | "high";
  heading: string;
  hint: string;
  codes: readonly ReasonCode[];
  labels: Messages["reasons"];
  ticked: ReadonlySet<string>;
}) {
  return (
    <fieldset
      id={props.id}
      class="reasons"
      data-reason-group={props.group}
      aria-describedby={`${props.id}-hint`}
    >
      <legend>
        <h2>{props.heading}</h2>
      </legend>
      <p id={`${props.id}-hint`} class="hint">
        {props.hint}
      </p>
      <div class="choices">
        {props.codes.map((code) => (
          <div class="choice">
            <input
              type="checkbox"
              id={`reason-${code}`}
              name="reasons"
              value={code}
              checked={props.ticked.has(code)}
            />
            <label for={`reason-${code}`}>{props.labels[code]}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * What the page says about a refused field, in its own language, and the id it links to so that keyboard users land
 * on the field to fix; a form that has expired or was refused as a whole gets no link.
 */
function refusal(field: string, t: Messages["survey"]): { field: string; text: string; anchor?: string } {
  // Zod names a list's item by its index too ("reasons.0").
  const root = field.split(".")[0] ?? field;
  if (root === "score") return { field: root, text: t.errors.scoreMissing, anchor: "score-1" };
  if (root === "comment")
    return { field: root, text: t.errors.commentTooLong({ max: COMMENT_MAX_LENGTH }), anchor: "comment" };
  if (root === "reasons") return { field: root, text: t.errors.reasonUnknown, anchor: "reasons-low" };
  return { field: root, text: root === "nonce" ? t.errors.formExpired : t.errors.generic };
}
