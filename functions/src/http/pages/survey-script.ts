/**
 * The survey page's progressive enhancement, inlined under the CSP nonce. It is static text, so it holds no data:
 * it reads the chosen score, delays and messages from the form's data attributes. Plain ES2017, no build step.
 *
 * What it does: shows the comment counter; shows only the reason tags that fit the chosen score; when the page was
 * opened from an email link with a score, confirms that score (mode=auto) after the page has been visible for the
 * delay in total, unless the requester changes the radio first; sends later submits through fetch (mode=deliberate)
 * and falls back to an ordinary form POST if that fails.
 */
export const SURVEY_SCRIPT = `(function () {
  "use strict";
  var doc = document;
  var form = doc.getElementById("survey-form");
  if (!form || typeof fetch !== "function" || typeof URLSearchParams !== "function" || typeof FormData !== "function") return;
  var data = form.dataset;
  var live = doc.getElementById("status");
  var note = doc.getElementById("auto-note");
  var button = doc.getElementById("confirm-button");
  var current = doc.getElementById("current-rating");
  var comment = doc.getElementById("comment");
  var counter = doc.getElementById("comment-count");
  var nonce = doc.getElementById("nonce-field");
  var autoScore = data.autoScore || "";
  var autoPending = autoScore !== "";
  var remaining = Number(data.autoDelay);
  if (!(remaining >= 0)) remaining = 5000;
  var visibleSince = null;
  var timer = null;
  var busy = false;

  function now() { return typeof performance !== "undefined" && performance.now ? performance.now() : Date.now(); }
  function say(text) { if (live) live.textContent = text; }
  function setNote(text) { if (note) { note.textContent = text; note.hidden = !text; } }
  function radios() { return form.querySelectorAll('input[name="score"]'); }
  function chosenScore() {
    var list = radios();
    for (var i = 0; i < list.length; i++) if (list[i].checked) return list[i].value;
    return "";
  }
  function labelOf(score) {
    var label = doc.getElementById("score-" + score + "-label");
    return label ? label.textContent : String(score);
  }
  function showReasonsFor(score) {
    var n = Number(score);
    var groups = form.querySelectorAll("[data-reason-group]");
    for (var i = 0; i < groups.length; i++) {
      var low = groups[i].getAttribute("data-reason-group") === "low";
      var fits = n >= 1 && n <= 5 && (low ? n <= 3 : n >= 4);
      groups[i].hidden = !fits;
      // A disabled fieldset keeps its ticks for a change back but sends none of them.
      groups[i].disabled = !fits;
    }
  }
  function updateCounter() {
    if (comment && counter) counter.textContent = (data.msgCounter || "").replace("{count}", String(comment.value.length));
  }
  function markRecorded(score) {
    if (current) {
      current.textContent = (data.msgCurrent || "").replace("{score}", labelOf(score));
      current.hidden = false;
    }
    if (button && data.labelSave) button.textContent = data.labelSave;
  }

  function stopClock() {
    if (visibleSince === null) return;
    clearTimeout(timer);
    timer = null;
    remaining -= now() - visibleSince;
    visibleSince = null;
  }
  function startClock() {
    if (!autoPending || visibleSince !== null) return;
    visibleSince = now();
    timer = setTimeout(fireAuto, Math.max(0, remaining));
  }
  function cancelAuto() {
    stopClock();
    autoPending = false;
  }
  function onVisibilityChange() {
    if (doc.visibilityState === "visible") startClock();
    else stopClock();
  }

  function send(mode) {
    var body = new URLSearchParams(new FormData(form));
    body.set("mode", mode);
    busy = true;
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        // A used nonce is spent even when the rating was not kept (a scanner-like burst), so take the fresh one.
        if (answer && answer.nextNonce && nonce) nonce.value = answer.nextNonce;
        if (!answer || answer.ok !== true) return null;
        return answer;
      })
      .catch(function () { return null; })
      .then(function (answer) { busy = false; return answer; });
  }

  function fireAuto() {
    timer = null;
    visibleSince = null;
    if (!autoPending) return;
    autoPending = false;
    if (busy || chosenScore() !== autoScore) return;
    setNote("");
    send("auto").then(function (answer) {
      if (answer) {
        markRecorded(answer.score || autoScore);
        say(data.msgAutoDone || "");
      } else {
        say(data.msgAutoFailed || "");
      }
    });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name !== "score") return;
    if (autoPending) {
      cancelAuto();
      setNote(data.msgAutoCancelled || "");
    }
    showReasonsFor(target.value);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    cancelAuto();
    send("deliberate").then(function (answer) {
      if (answer) {
        setNote("");
        markRecorded(answer.score || chosenScore());
        say(data.msgSaved || "");
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
})();
`;
