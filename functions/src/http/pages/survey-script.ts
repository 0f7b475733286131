/** What the page's POST answers a script's fetch with (the route's JSON). */
interface RatingAnswer {
  ok?: boolean;
  score?: number | string | null;
  nextNonce?: string;
  /** The rating opened a follow-up case. */
  followUp?: boolean;
}

/**
 * The survey page's progressive enhancement. It holds no data: it reads the chosen score, delays and messages from
 * the form's data attributes.
 *
 * What it does: shows the comment counter; shows only the reason tags that fit the chosen score; when the page was
 * opened from an email link with a score, confirms that score (mode=auto) after the page has been visible for the
 * delay in total, unless the requester changes the radio first; sends later submits through fetch (mode=deliberate)
 * and falls back to an ordinary form POST if that fails, confirming a save next to the button that was pressed.
 *
 * The page inlines this function's source text, so it uses nothing from outside itself, and it is written in what a
 * phone's browser of 2017 runs (no `?.`, no `??`). Being code rather than a string, it is type-checked here and
 * minified with the rest of the function that serves it.
 */
function enhanceSurveyForm(): void {
  const doc = document;
  const form = doc.getElementById("survey-form") as HTMLFormElement | null;
  if (
    !form ||
    typeof fetch !== "function" ||
    typeof URLSearchParams !== "function" ||
    typeof FormData !== "function"
  )
    return;
  const data = form.dataset;
  const live = doc.getElementById("status");
  const saveLive = doc.getElementById("save-status");
  const note = doc.getElementById("auto-note");
  const button = doc.getElementById("confirm-button");
  const current = doc.getElementById("current-rating");
  const comment = doc.getElementById("comment") as HTMLTextAreaElement | null;
  const counter = doc.getElementById("comment-count");
  const nonce = doc.getElementById("nonce-field") as HTMLInputElement | null;
  const autoScore = data.autoScore || "";
  let autoPending = autoScore !== "";
  let remaining = Number(data.autoDelay);
  if (!(remaining >= 0)) remaining = 5000;
  let visibleSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;

  const now = () => (typeof performance !== "undefined" && performance.now ? performance.now() : Date.now());
  const say = (text: string, region = live) => {
    if (region) region.textContent = text;
  };
  const thanks = (text: string | undefined, answer: RatingAnswer) =>
    answer.followUp ? `${text || ""} ${data.msgFollowUp || ""}` : text || "";
  const setNote = (text: string) => {
    if (note) {
      note.textContent = text;
      note.hidden = !text;
    }
  };
  const chosenScore = () => {
    for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="score"]'))
      if (radio.checked) return radio.value;
    return "";
  };
  const labelOf = (score: number | string) => {
    const label = doc.getElementById(`score-${score}-label`);
    return label ? label.textContent : String(score);
  };
  const showReasonsFor = (score: string) => {
    const n = Number(score);
    for (const group of form.querySelectorAll<HTMLFieldSetElement>("[data-reason-group]")) {
      const low = group.getAttribute("data-reason-group") === "low";
      const fits = n >= 1 && n <= 5 && (low ? n <= 3 : n >= 4);
      group.hidden = !fits;
      // A disabled fieldset keeps its ticks for a change back but sends none of them.
      group.disabled = !fits;
    }
  };
  const updateCounter = () => {
    if (comment && counter)
      counter.textContent = (data.msgCounter || "").replace("{count}", String(comment.value.length));
  };
  const markRecorded = (score: number | string) => {
    if (current) {
      current.textContent = (data.msgCurrent || "").replace("{score}", labelOf(score) || "");
      current.hidden = false;
    }
    if (button && data.labelSave) button.textContent = data.labelSave;
  };

  const stopClock = () => {
    if (visibleSince === null) return;
    clearTimeout(timer);
    timer = undefined;
    remaining -= now() - visibleSince;
    visibleSince = null;
  };
  const startClock = () => {
    if (!autoPending || visibleSince !== null) return;
    visibleSince = now();
    timer = setTimeout(fireAuto, Math.max(0, remaining));
  };
  const cancelAuto = () => {
    stopClock();
    autoPending = false;
  };
  const onVisibilityChange = () => {
    if (doc.visibilityState === "visible") startClock();
    else stopClock();
  };

  const send = (mode: "auto" | "deliberate"): Promise<RatingAnswer | null> => {
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    body.set("mode", mode);
    busy = true;
    return fetch(form.getAttribute("action") || "", {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? (response.json() as Promise<RatingAnswer>) : null))
      .then((answer) => {
        // A used nonce is spent even when the rating was not kept (a scanner-like burst), so take the fresh one.
        // biome-ignore lint/complexity/useOptionalChain: the page runs on browsers older than optional chaining.
        if (answer && answer.nextNonce && nonce) nonce.value = answer.nextNonce;
        return answer && answer.ok === true ? answer : null;
      })
      .catch(() => null)
      .then((answer) => {
        busy = false;
        return answer;
      });
  };

  function fireAuto() {
    timer = undefined;
    visibleSince = null;
    if (!autoPending) return;
    autoPending = false;
    if (busy || chosenScore() !== autoScore) return;
    setNote("");
    send("auto").then((answer) => {
      if (answer) {
        markRecorded(answer.score || autoScore);
        say(thanks(data.msgAutoDone, answer));
      } else {
        say(data.msgAutoFailed || "");
      }
    });
  }

  form.addEventListener("change", (event) => {
    const target = event.target as HTMLInputElement | null;
    // biome-ignore lint/complexity/useOptionalChain: the page runs on browsers older than optional chaining.
    if (!target || target.name !== "score") return;
    if (autoPending) {
      cancelAuto();
      setNote(data.msgAutoCancelled || "");
    }
    showReasonsFor(target.value);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    cancelAuto();
    // Emptied first, so that saving twice is announced twice.
    say("", saveLive);
    send("deliberate").then((answer) => {
      if (answer) {
        setNote("");
        markRecorded(answer.score || chosenScore());
        say(thanks(data.msgSaved, answer), saveLive);
        // The button may sit at the screen's lower edge, with the confirmation just out of sight below it.
        if (saveLive) saveLive.scrollIntoView({ block: "nearest" });
      } else {
        // Let the server answer with a page of its own: it shows what went wrong, or records the rating.
        form.submit();
      }
    });
  });

  if (comment && counter) {
    comment.addEventListener("input", updateCounter);
    updateCounter();
    counter.hidden = false;
  }
  showReasonsFor(chosenScore());
  if (autoPending) {
    setNote(data.msgAutoPending || "");
    doc.addEventListener("visibilitychange", onVisibilityChange);
    onVisibilityChange();
  }
}

/** The survey page's script as the page inlines it under the CSP nonce: the function above, called at once. */
export const SURVEY_SCRIPT = `(${enhanceSurveyForm})();`;
