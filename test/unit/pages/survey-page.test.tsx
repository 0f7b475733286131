import { describe, expect, it } from "vitest";
import { SurveyPage, type SurveyPageProps } from "../../../functions/src/http/pages/survey-page.js";
import { LOCALES, type Locale } from "../../../functions/src/i18n/locale.js";
import { messagesFor } from "../../../functions/src/i18n/messages.js";
import { HIGH_SCORE_REASON_CODES, LOW_SCORE_REASON_CODES } from "../../../functions/src/i18n/reason-tags.js";
import { startTags, tagsNamed, textOfId } from "./html-tags.js";

const TOKEN = "Zm9vYmFyYmF6cXV4MTIzNDU2";

function aSurveyPage(overrides: Partial<SurveyPageProps> = {}): SurveyPageProps {
  return {
    locale: "en",
    token: TOKEN,
    ticket: { id: "INC0012345", title: "VPN drops", service: "Remote access" },
    chosenScore: 4,
    formNonce: "form-nonce-1",
    cspNonce: "csp-nonce-1",
    expiresAt: "2026-12-04T14:03:00Z",
    ...overrides,
  };
}

function render(props: SurveyPageProps): string {
  return String(<SurveyPage {...props} />);
}

/** What a browser without script works with: the document minus its inline scripts. */
function withoutScript(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/g, "");
}

describe.each(LOCALES)("The survey page in %s", (locale: Locale) => {
  const m = messagesFor(locale);
  const html = render(aSurveyPage({ locale }));

  it("is an HTML5 document with its language set, a viewport and no indexing", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(tagsNamed(html, "html")[0]?.attrs.lang).toBe(locale);
    const metas = tagsNamed(html, "meta");
    expect(metas.find((meta) => meta.attrs.name === "viewport")?.attrs.content).toContain(
      "width=device-width",
    );
    expect(metas.find((meta) => meta.attrs.name === "robots")?.attrs.content).toContain("noindex");
  });

  it("has one main landmark and one h1", () => {
    expect(tagsNamed(html, "main")).toHaveLength(1);
    expect(tagsNamed(html, "h1")).toHaveLength(1);
  });

  it("shows the score from the link chosen, and only that one", () => {
    const radios = tagsNamed(html, "input").filter((input) => input.attrs.type === "radio");
    expect(radios.map((radio) => radio.attrs.value)).toEqual(["1", "2", "3", "4", "5"]);
    expect(radios.filter((radio) => "checked" in radio.attrs).map((radio) => radio.attrs.value)).toEqual([
      "4",
    ]);
  });

  it("labels each radio with its number and words, inside a fieldset with a legend", () => {
    for (const score of [1, 2, 3, 4, 5] as const) {
      const label = tagsNamed(html, "label").find((l) => l.attrs.for === `score-${score}`);
      expect(label).toBeDefined();
      expect(textOfId(html, `score-${score}-label`)).toBe(`${score} — ${m.scores[score]}`);
    }
    expect(html).toMatch(/<fieldset class="scores"[^>]*><legend>[^<]+<\/legend>/);
  });

  it("carries the form nonce in a hidden field named nonce", () => {
    const nonce = tagsNamed(html, "input").filter((input) => input.attrs.name === "nonce");
    expect(nonce).toHaveLength(1);
    expect(nonce[0]?.attrs).toMatchObject({ type: "hidden", value: "form-nonce-1" });
  });

  it("puts the CSP nonce on every script and style, and has no inline style attribute or handler", () => {
    const inline = [...tagsNamed(html, "script"), ...tagsNamed(html, "style")];
    expect(inline.length).toBeGreaterThanOrEqual(2);
    for (const tag of inline) expect(tag.attrs.nonce).toBe("csp-nonce-1");
    for (const tag of startTags(html)) {
      expect(Object.keys(tag.attrs).filter((name) => name === "style" || name.startsWith("on"))).toEqual([]);
    }
  });

  it("names no other origin: every href, src and action is a relative path", () => {
    const addresses = startTags(html).flatMap((tag) =>
      ["href", "src", "action"].flatMap((name) =>
        tag.attrs[name] === undefined ? [] : [tag.attrs[name] ?? ""],
      ),
    );
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^\/(?!\/)|^#|^\?/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("posts to /s/{token} with one button when script is off", () => {
    const page = withoutScript(html);
    const form = tagsNamed(page, "form")[0];
    expect(form?.attrs).toMatchObject({ method: "post", action: `/s/${TOKEN}` });
    const buttons = tagsNamed(page, "button");
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.attrs.type).toBe("submit");
    expect(textOfId(page, "confirm-button")).toBe(m.survey.confirm);
    const hidden = Object.fromEntries(
      tagsNamed(page, "input")
        .filter((input) => input.attrs.type === "hidden")
        .map((input) => [input.attrs.name, input.attrs.value]),
    );
    expect(hidden).toEqual({ nonce: "form-nonce-1", mode: "deliberate", lang: locale });
    expect(textOfId(page, "auto-note")).toBe(m.survey.notRecordedYet({ button: m.survey.confirm }));
  });

  it("shows both reason groups under headings, low-score tags first, as checkboxes named reasons", () => {
    const boxes = tagsNamed(html, "input").filter((input) => input.attrs.type === "checkbox");
    expect(boxes.map((box) => box.attrs.name)).toEqual(Array(10).fill("reasons"));
    expect(boxes.map((box) => box.attrs.value)).toEqual([
      ...LOW_SCORE_REASON_CODES,
      ...HIGH_SCORE_REASON_CODES,
    ]);
    expect(html).toContain(`<h2>${m.survey.lowReasonsHeading}</h2>`);
    expect(html).toContain(`<h2>${m.survey.highReasonsHeading}</h2>`);
    expect(html).toContain(m.reasons["had-to-chase"]);
  });

  it("limits the comment to 2000 characters and hides the counter until script shows it", () => {
    expect(tagsNamed(html, "textarea")[0]?.attrs).toMatchObject({ name: "comment", maxlength: "2000" });
    expect(tagsNamed(html, "p").find((p) => p.attrs.id === "comment-count")?.attrs).toHaveProperty("hidden");
  });

  it("links to the other language keeping the chosen score", () => {
    const other = locale === "pl" ? "en" : "pl";
    const link = tagsNamed(html, "a").find((a) => a.attrs.id === "language-switch");
    expect(link?.attrs).toMatchObject({
      href: `/s/${TOKEN}?lang=${other}&score=4`,
      lang: other,
      hreflang: other,
    });
  });

  it.each([
    ["score", "scoreMissing", "#score-1"],
    ["comment", "commentTooLong", "#comment"],
    ["reasons.0", "reasonUnknown", "#reasons-low"],
    ["nonce", "formExpired", undefined],
    ["(body)", "generic", undefined],
  ] as const)(
    "words a refused %s in the page's language, linking to the field to fix",
    (field, key, href) => {
      const errors = m.survey.errors;
      const text = key === "commentTooLong" ? errors.commentTooLong({ max: 2000 }) : errors[key];
      const alert = /role="alert"><h2>[^<]*<\/h2><p>(?:<a href="([^"]*)">)?([^<]*)/.exec(
        render(aSurveyPage({ locale, error: { field } })),
      );
      expect([alert?.[2], alert?.[1]]).toEqual([text, href]);
    },
  );

  it("asks the script to confirm the linked score after 5 seconds by default", () => {
    const form = tagsNamed(html, "form")[0];
    expect(form?.attrs["data-auto-score"]).toBe("4");
    expect(form?.attrs["data-auto-delay"]).toBe("5000");
    expect(form?.attrs["data-msg-auto-done"]).toBe(m.survey.autoDone);
  });
});

describe("The survey page's states", () => {
  it("escapes markup in the ticket title", () => {
    const html = render(aSurveyPage({ ticket: { id: "INC1", title: '<script>alert("x")</script>' } }));
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(tagsNamed(html, "script")).toHaveLength(1);
  });

  it("shows the recorded rating, comment and reasons, and offers to save changes", () => {
    const html = render(
      aSurveyPage({
        chosenScore: undefined,
        recorded: { score: 2, comment: "Too slow <b>", reasons: ["slow"] },
      }),
    );
    expect(textOfId(html, "current-rating")).toBe("Your current rating: 2 — Dissatisfied");
    expect(
      tagsNamed(html, "input")
        .filter((input) => "checked" in input.attrs)
        .map((i) => i.attrs.value),
    ).toEqual(["2", "slow"]);
    expect(html).toContain("<textarea");
    expect(html).toMatch(/<textarea[^>]*>\nToo slow &lt;b&gt;<\/textarea>/);
    expect(textOfId(html, "confirm-button")).toBe("Save changes");
    expect(tagsNamed(html, "form")[0]?.attrs).not.toHaveProperty("data-auto-score");
  });

  it("does not confirm again a linked score that is already recorded, but does confirm a different one", () => {
    const same = render(aSurveyPage({ chosenScore: 5, recorded: { score: 5, reasons: [] } }));
    const other = render(aSurveyPage({ chosenScore: 1, recorded: { score: 5, reasons: [] } }));
    expect(tagsNamed(same, "form")[0]?.attrs).not.toHaveProperty("data-auto-score");
    expect(tagsNamed(other, "form")[0]?.attrs["data-auto-score"]).toBe("1");
  });

  it.each(LOCALES)(
    "names the button it shows wherever it tells the requester to press it, in %s",
    (locale) => {
      const t = messagesFor(locale).survey;
      const form = (props: Partial<SurveyPageProps>) =>
        tagsNamed(render(aSurveyPage({ locale, ...props })), "form")[0]?.attrs ?? {};
      const firstRating = form({ chosenScore: 4 });
      // A deliberate 5 is on record and the requester clicks 1 in the email: the button reads "Save changes".
      const change = form({ chosenScore: 1, recorded: { score: 5, reasons: [] } });
      for (const message of ["data-msg-auto-cancelled", "data-msg-auto-failed"]) {
        expect(firstRating[message]).toContain(t.confirm);
        expect(change[message]).toContain(t.saveChanges);
        expect(change[message]).not.toContain(t.confirm);
      }
    },
  );

  it("thanks and says someone will be in touch after a save that opened a follow-up", () => {
    const t = messagesFor("pl").survey;
    const low = render(
      aSurveyPage({ locale: "pl", justSaved: true, followUp: true, recorded: { score: 1, reasons: [] } }),
    );
    const high = render(aSurveyPage({ locale: "pl", justSaved: true, recorded: { score: 4, reasons: [] } }));
    expect(low).toContain(`<div class="notice ok" role="status"><p>${t.saved}</p><p>${t.followUp}</p></div>`);
    expect(high).toContain(`<div class="notice ok" role="status"><p>${t.saved}</p></div>`);
  });

  it("names the agent who handled the ticket, when the ticket says", () => {
    const t = messagesFor("pl").survey;
    const withAgent = render(
      aSurveyPage({ locale: "pl", ticket: { id: "INC1", title: "VPN", agent: "jkowalski" } }),
    );
    expect(withAgent).toContain(`<p class="muted">${t.agent({ agent: "jkowalski" })}</p>`);
    expect(render(aSurveyPage({ locale: "pl" }))).not.toContain(t.agent({ agent: "" }));
  });

  it("names the organisation at the top", () => {
    const html = render(aSurveyPage({ organisation: { name: "IT Service Desk" } }));
    expect(html).toMatch(/<header class="top"><p class="org">IT Service Desk<\/p><nav/);
  });

  it("takes the auto-confirm delay it is given", () => {
    const html = render(aSurveyPage({ autoConfirmDelayMs: 1200 }));
    expect(tagsNamed(html, "form")[0]?.attrs["data-auto-delay"]).toBe("1200");
  });

  it("thanks the requester after a save", () => {
    const html = render(aSurveyPage({ locale: "pl", justSaved: true, recorded: { score: 4, reasons: [] } }));
    expect(html).toContain(
      `<div class="notice ok" role="status"><p>${messagesFor("pl").survey.saved}</p></div>`,
    );
  });

  it("shows an error as an alert linking to the field, keeping what was typed", () => {
    const message = messagesFor("en").survey.errors.commentTooLong({ max: 2000 });
    const html = render(
      aSurveyPage({
        error: { field: "comment" },
        draft: { comment: "typed text", reasons: ["fast"] },
      }),
    );
    expect(html).toMatch(new RegExp(`role="alert">.*<a href="#comment">${message}</a>`));
    expect(tagsNamed(html, "textarea")[0]?.attrs).toMatchObject({ "aria-invalid": "true" });
    expect(html).toMatch(/>\ntyped text<\/textarea>/);
    expect(tagsNamed(html, "input").find((i) => i.attrs.value === "fast")?.attrs).toHaveProperty("checked");
    // A refused post records nothing, so the page must not confirm anything by itself either.
    expect(tagsNamed(html, "form")[0]?.attrs).not.toHaveProperty("data-auto-score");
  });

  it("chooses nothing and confirms nothing when opened without a score", () => {
    const html = render(aSurveyPage({ chosenScore: undefined }));
    expect(tagsNamed(html, "input").filter((input) => "checked" in input.attrs)).toEqual([]);
    expect(tagsNamed(html, "form")[0]?.attrs).not.toHaveProperty("data-auto-score");
    expect(tagsNamed(html, "a").find((a) => a.attrs.id === "language-switch")?.attrs.href).toBe(
      `/s/${TOKEN}?lang=pl`,
    );
  });

  it("keeps a token's unusual characters inside the path", () => {
    const html = render(aSurveyPage({ token: "a/b?c" }));
    expect(tagsNamed(html, "form")[0]?.attrs.action).toBe("/s/a%2Fb%3Fc");
  });

  it("shows the closing date in the page's language", () => {
    expect(render(aSurveyPage({ locale: "pl" }))).toContain("Ankieta jest otwarta do 4 grudnia 2026.");
    expect(render(aSurveyPage({ locale: "en" }))).toContain("This survey is open until 4 December 2026.");
  });
});
