import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/src/config.js";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

const ORGANISATION = {
  ORGANISATION_NAME: "Urząd Miasta Testowo",
  ORGANISATION_LOGO_URL: "https://cdn.testowo.example/logo.svg",
  HELP_CONTACT: "pomoc@testowo.example",
};
const UNKNOWN_LINK = `/s/${"A".repeat(43)}`;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices({ env: ORGANISATION });
});

/** Sends a ticket through intake and returns its link token. */
async function invite(overrides: Record<string, unknown> = {}) {
  const ticket = aResolvedTicket(overrides);
  await postTicket(pulse.app, ticket);
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId as string));
  if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
  return tokenOf(scoreLink(mail, 4));
}

/** A page's text as a browser shows it, for the entities our renderer writes in English text. */
const shown = (html: string) => html.replaceAll("&#39;", "'");

/** The language switch of a page: where it leads and whether it posts. */
function languageSwitchOf(page: string) {
  const link = /<a id="language-switch"[^>]*href="([^"]*)"/.exec(page);
  if (link) return { href: (link[1] ?? "").replaceAll("&amp;", "&"), post: false };
  const form = /<form method="post" action="([^"]*)"><button[^>]*id="language-switch"/.exec(page);
  return form ? { href: (form[1] ?? "").replaceAll("&amp;", "&"), post: true } : undefined;
}

describe("The requester pages name who is asking", () => {
  it("show the organisation's logo with its name as the text, and the agent who handled the ticket", async () => {
    const token = await invite({ agent: "jkowalski" });
    const response = await pulse.app.request(`/s/${token}?score=4`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain(
      `<img src="${ORGANISATION.ORGANISATION_LOGO_URL}" alt="${ORGANISATION.ORGANISATION_NAME}"/>`,
    );
    expect(page).toContain(messagesFor("pl").survey.agent({ agent: "jkowalski" }));
    // The page loads nothing from elsewhere but the logo.
    expect(response.headers.get("content-security-policy")).toContain(
      "img-src 'self' data: https://cdn.testowo.example;",
    );
  });

  it("name no agent when the ticket carried none, and the organisation as text when it has no logo", async () => {
    const plain = await startTestServices({ env: { ORGANISATION_NAME: "Helpdesk Testowo" } });
    const ticket = aResolvedTicket({ agent: undefined });
    await postTicket(plain.app, ticket);
    const [mail] = await readOutbox(plain.outbox);
    if (!mail) throw new Error("no invitation");
    const page = await (await plain.app.request(`/s/${tokenOf(scoreLink(mail, 4))}`)).text();

    expect(page).toContain('<p class="org">Helpdesk Testowo</p>');
    expect(page).not.toContain("<img");
    expect(page).not.toContain(messagesFor("pl").survey.agent({ agent: "" }));
  });
});

describe("The rating's answer to the page's script", () => {
  it("says what was recorded, that someone will be in touch after a low score, and the value the next post carries", async () => {
    const token = await invite();
    const page = await openSurvey(pulse.app, `/s/${token}?score=1`);

    const low = await postRating(pulse.app, token, { score: 1, nonce: page.nonce ?? "" }, { json: true });
    const lowAnswer = (await low.json()) as { nextNonce: string };
    const again = await postRating(pulse.app, token, { score: 1, nonce: page.nonce ?? "" }, { json: true });
    const changed = await postRating(
      pulse.app,
      token,
      { score: 4, nonce: lowAnswer.nextNonce },
      { json: true },
    );

    // Each answer has also passed the API document's RatingAnswer schema on its way out of the app.
    expect(low.headers.get("content-type")).toContain("application/json");
    expect(lowAnswer).toEqual({
      ok: true,
      outcome: "recorded",
      score: 1,
      nextNonce: expect.any(String),
      followUp: true,
    });
    expect(await again.json()).toMatchObject({ ok: true, outcome: "already-recorded", score: 1 });
    expect(await changed.json()).toMatchObject({ ok: true, outcome: "recorded", score: 4, followUp: false });
  });
});

describe("The requester's status pages", () => {
  it("offer the other language for an unknown link, which shows the same page in it", async () => {
    const polish = await pulse.app.request(UNKNOWN_LINK, { headers: { "accept-language": "pl" } });
    const offered = languageSwitchOf(await polish.text());

    expect(polish.status).toBe(404);
    expect(offered).toEqual({ href: `${UNKNOWN_LINK}?lang=en`, post: false });
    const english = await pulse.app.request(offered?.href ?? "", { headers: { "accept-language": "pl" } });
    const page = shown(await english.text());
    expect(english.status).toBe(404);
    expect(page).toContain('<html lang="en"');
    expect(page).toContain(messagesFor("en").status.notFound.title);
  });

  it("offer the other language after opting out by posting the same form again, which keeps the requester out", async () => {
    const token = await invite();
    const optedOut = await pulse.app.request(`/s/${token}/opt-out`, {
      method: "POST",
      headers: FORM,
      body: "",
    });
    const offered = languageSwitchOf(await optedOut.text());

    expect(offered).toEqual({ href: `/s/${token}/opt-out?lang=en`, post: true });
    const english = await pulse.app.request(offered?.href ?? "", { method: "POST", headers: FORM, body: "" });
    expect(english.status).toBe(200);
    expect(shown(await english.text())).toContain(messagesFor("en").status.optedOut.title);
  });

  it("show where to get help, as a link the requester can follow", async () => {
    for (const path of [UNKNOWN_LINK, `/s/${await invite()}`]) {
      const page = await (await pulse.app.request(path)).text();
      expect(page).toContain(
        `<a href="mailto:${ORGANISATION.HELP_CONTACT}">${ORGANISATION.HELP_CONTACT}</a>`,
      );
    }
  });
});

describe("The requester pages' configuration", () => {
  it.each([
    [
      "a logo that is not served over https",
      { ORGANISATION_LOGO_URL: "http://cdn.testowo.example/logo.svg" },
    ],
    ["a help contact that is neither an address nor a web page", { HELP_CONTACT: "call Bob" }],
  ])("refuses %s at start", async (_case, env) => {
    await expect(startTestServices({ env })).rejects.toThrow(Object.keys(env)[0]);
  });

  it("takes an email address or a web address as the help contact", () => {
    for (const contact of ["pomoc@testowo.example", "https://pomoc.testowo.example/zgloszenia?jezyk=pl"]) {
      expect(loadConfig({ HELP_CONTACT: contact }).HELP_CONTACT).toBe(contact);
    }
  });
});
