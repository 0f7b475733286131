import { rm } from "node:fs/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDynamoFollowUpRepository } from "../../functions/src/adapters/dynamo/follow-up-repository.js";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { addDays, localDay } from "../../functions/src/domain/calendar.js";
import { openFollowUpCase } from "../../functions/src/domain/follow-ups/follow-up-case.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { DIPPING_SERVICE, generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { en, type MessageKey, pl } from "../../web/src/i18n/messages.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { callStaffApi, startStaffAppServer } from "../helpers/staff-app-server.js";

type Language = "pl" | "en";
type Words = Record<MessageKey, string>;

const ROLES: readonly Role[] = ["analyst", "manager", "head"];
const LANGUAGES: readonly Language[] = ["pl", "en"];
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;
const WORDS: Record<Language, Words> = { pl, en };
const ROLE_NAMES: Record<Role, string> = { analyst: "an analyst", manager: "a manager", head: "a head" };
const ROLE_LABELS: Record<Role, MessageKey> = {
  analyst: "roleAnalyst",
  manager: "roleManager",
  head: "roleHead",
};
const LANGUAGE_NAMES: Record<Language, string> = { pl: "Polish", en: "English" };
const UNKNOWN_INITIATIVE = "CSI-999";
const CASE_TICKET = "INC0000777";

let pulse: LocalPulse;
let browser: Browser;
let dataDir: string;
// What the screens show, seeded once for every combination: an initiative with two KPIs and a linked response, and an
// overdue follow-up case linked to it.
const seeded = {
  initiativeId: "",
  initiativeTitle: "Faster VPN reconnect after sleep",
  caseId: "",
  lastMonth: "",
};

const text = (words: Words, key: MessageKey, values: Record<string, string> = {}) =>
  words[key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** A part of a screen that only some roles are given, and the lowest role given it. */
interface RolePart {
  what: (page: Page, words: Words) => Locator;
  from: Role;
}

interface StaffScreen {
  /** How the screen reads in a test's name: "the backlog". */
  name: string;
  /** The hash route that opens it. */
  route: () => string;
  /** Its main heading in a language. */
  heading: (words: Words) => string;
  /** Waits for the state the screen is meant to show (a chart drawn, a row listed, a panel opened). */
  settle?: (page: Page, words: Words) => Promise<void>;
  /** The API answers the screen is meant to get and show as such (a 404 shown as "no such initiative"). */
  expectedFailures?: () => Array<{ path: string; status: number }>;
  roleParts?: RolePart[];
  /** The lowest role the state is open to (a form only some roles are given); every role when left out. */
  onlyFrom?: Role;
}

/** Opens a panel behind a toggle button, unless it is open already. */
async function expand(button: Locator, panel: Locator) {
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await panel.waitFor();
}

const NAV_LINKS: readonly MessageKey[] = [
  "navSatisfaction",
  "navOverview",
  "navBacklog",
  "navFollowUps",
  "navComments",
  "navSettings",
];

const SCREENS: StaffScreen[] = [
  {
    name: "the satisfaction trend",
    route: () => "/satisfaction",
    heading: (words) => words.satisfactionTitle,
    settle: async (page) => {
      await page.locator("figure.chart svg[role=img] .band").first().waitFor();
    },
  },
  {
    name: "the satisfaction breakdown by service",
    route: () => "/satisfaction?groupBy=service",
    heading: (words) => words.satisfactionTitle,
    settle: async (page, words) => {
      await page
        .getByRole("heading", {
          name: text(words, "breakdownTitle", { dimension: words.dimService.toLowerCase() }),
        })
        .first()
        .waitFor();
      await expect.poll(() => page.locator(".whisker").count()).toBeGreaterThan(3);
    },
  },
  {
    name: "the heads' overview",
    route: () => "/overview",
    heading: (words) => words.overviewTitle,
    settle: async (page) => {
      await page.locator("ul.target-cards li").first().waitFor();
    },
    roleParts: [
      { what: (page, words) => page.getByRole("heading", { name: words.targetsTitle }), from: "head" },
    ],
  },
  {
    name: "the backlog",
    route: () => "/backlog",
    heading: (words) => words.backlogTitle,
    settle: async (page) => {
      await page
        .getByRole("link", { name: new RegExp(`${seeded.initiativeId} ${seeded.initiativeTitle}`) })
        .waitFor();
    },
    roleParts: [
      { what: (page, words) => page.getByRole("button", { name: words.newInitiative }), from: "manager" },
      { what: (page, words) => page.getByRole("button", { name: words.weightsTitle }), from: "head" },
    ],
  },
  {
    name: "the backlog with the new-initiative form open",
    route: () => "/backlog?panel=new",
    heading: (words) => words.backlogTitle,
    onlyFrom: "manager",
    settle: async (page, words) => {
      const button = page.getByRole("button", { name: words.newInitiative });
      await expand(button, page.locator("form[aria-labelledby=initiative-form-title]"));
    },
  },
  {
    name: "the backlog with the CSV import open",
    route: () => "/backlog?panel=import",
    heading: (words) => words.backlogTitle,
    onlyFrom: "manager",
    settle: async (page, words) => {
      const button = page.getByRole("button", { name: words.importCsv });
      await expand(button, page.locator("form[aria-labelledby=import-title]"));
    },
  },
  {
    name: "the backlog with the priority weights open",
    route: () => "/backlog?panel=weights",
    heading: (words) => words.backlogTitle,
    onlyFrom: "head",
    settle: async (page, words) => {
      const button = page.getByRole("button", { name: words.weightsTitle });
      await expand(button, page.locator("form[aria-labelledby=weights-title]"));
    },
  },
  {
    name: "an initiative with its KPIs, KPI trend and linked response opened",
    route: () => `/initiatives/${seeded.initiativeId}`,
    heading: () => `${seeded.initiativeId} · ${seeded.initiativeTitle}`,
    settle: async (page, words) => {
      await page
        .getByRole("heading", { name: `${words.kpiTrendTitle}: CSAT · ${DIPPING_SERVICE}` })
        .waitFor();
      await page.locator("#kpi-title ~ div svg .series").waitFor();
      await page.locator("table.kpis tbody tr").nth(1).waitFor();
      await page.getByRole("heading", { name: words.history }).waitFor();
      await page
        .getByRole("button", { name: text(words, "linkedResponseOpen", { id: seeded.caseId }) })
        .click();
      await page.locator(".linked-response dl").waitFor();
    },
    roleParts: [
      { what: (page, words) => page.getByRole("button", { name: words.edit, exact: true }), from: "manager" },
      { what: (page) => page.locator("form[aria-labelledby=transition-title]"), from: "manager" },
      { what: (page) => page.locator("form[aria-labelledby=add-kpi-title]"), from: "manager" },
    ],
  },
  {
    name: "an initiative being edited",
    route: () => `/initiatives/${seeded.initiativeId}?editing`,
    heading: () => `${seeded.initiativeId} · ${seeded.initiativeTitle}`,
    onlyFrom: "manager",
    settle: async (page, words) => {
      const form = page.locator("form[aria-labelledby=initiative-form-title]");
      if (!(await form.isVisible()))
        await page.getByRole("button", { name: words.edit, exact: true }).click();
      await form.waitFor();
    },
  },
  {
    name: "an initiative that does not exist",
    route: () => `/initiatives/${UNKNOWN_INITIATIVE}`,
    heading: (words) => words.initiativeNotFoundTitle,
    expectedFailures: () => [{ path: `/api/v1/initiatives/${UNKNOWN_INITIATIVE}`, status: 404 }],
  },
  {
    name: "the follow-up queue",
    route: () => "/follow-ups",
    heading: (words) => words.followUpsTitle,
    settle: async (page) => {
      await page.getByRole("link", { name: CASE_TICKET, exact: true }).waitFor();
    },
  },
  {
    name: "a follow-up case",
    route: () => `/follow-ups/${seeded.caseId}`,
    heading: (words) => words.followUpsTitle,
    settle: async (page, words) => {
      await page.getByRole("heading", { name: text(words, "caseTitle", { id: CASE_TICKET }) }).waitFor();
    },
    roleParts: [
      { what: (page, words) => page.getByRole("button", { name: words.markContacted }), from: "manager" },
    ],
  },
  {
    name: "the comments and themes",
    route: () => "/comments",
    heading: (words) => words.commentsTitle,
    settle: async (page) => {
      await page.locator("section[aria-labelledby=comments-list-title] li").first().waitFor();
    },
  },
  {
    name: "the settings with the digest, and the navigation (behind its menu button on a phone),",
    route: () => "/settings",
    heading: (words) => words.settingsTitle,
    settle: async (page, words) => {
      await page.getByRole("heading", { name: words.digestTitle }).waitFor();
      const menu = page.getByRole("button", { name: words.menu });
      if (await menu.isVisible()) await expand(menu, page.locator("#main-nav"));
      const nav = page.getByRole("navigation", { name: words.mainNav });
      // No screen is closed to a role: each role is shown the parts of each screen that its contracts admit.
      await expect
        .poll(() => nav.getByRole("link").allTextContents())
        .toEqual(NAV_LINKS.map((key) => words[key]));
      for (const link of await nav.getByRole("link").all()) expect(await link.isVisible()).toBe(true);
    },
    roleParts: [
      { what: (page, words) => page.getByRole("heading", { name: words.recipientsTitle }), from: "head" },
      {
        what: (page, words) =>
          page.locator("section[aria-labelledby=policy-title]").getByRole("button", { name: words.save }),
        from: "head",
      },
    ],
  },
  {
    name: "last month's digest",
    route: () => `/settings?month=${seeded.lastMonth}`,
    heading: (words) => words.settingsTitle,
    settle: async (page) => {
      await page.locator("section[aria-labelledby=digest-heading] .digest-document table").first().waitFor();
    },
  },
];

const ROLE_ORDER: readonly Role[] = ROLES;
const reaches = (role: Role, needed: Role) => ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);

/** One browser context for a role, language and viewport, reused across screens, with what went wrong in it. */
interface Visit {
  context: BrowserContext;
  page: Page;
  consoleErrors: Array<{ text: string; url: string }>;
  pageErrors: string[];
  failures: Array<{ url: string; status: number | string }>;
  inFlight: Set<unknown>;
}

async function openVisit(language: Language, viewport: { width: number; height: number }): Promise<Visit> {
  const context = await browser.newContext({ viewport, locale: language === "pl" ? "pl-PL" : "en-GB" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const visit: Visit = {
    context,
    page,
    consoleErrors: [],
    pageErrors: [],
    failures: [],
    inFlight: new Set(),
  };
  page.on("console", (message) => {
    if (message.type() === "error")
      visit.consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on("pageerror", (error) => visit.pageErrors.push(error.message));
  page.on("request", (request) => visit.inFlight.add(request));
  page.on("requestfinished", (request) => visit.inFlight.delete(request));
  page.on("requestfailed", (request) => {
    visit.inFlight.delete(request);
    visit.failures.push({ url: request.url(), status: request.failure()?.errorText ?? "failed" });
  });
  page.on("response", (response) => {
    if (response.status() >= 400) visit.failures.push({ url: response.url(), status: response.status() });
  });
  return visit;
}

/** Waits until no request is under way and nothing still shows as loading. */
async function settled(page: Page, visit: Visit) {
  await expect.poll(() => visit.inFlight.size).toBe(0);
  await expect.poll(() => page.locator("[role=status].loading, [aria-busy=true]").count()).toBe(0);
  await expect.poll(() => visit.inFlight.size).toBe(0);
}

/** Asserts what every screen owes every user: its heading in their language, no error, and nothing axe objects to. */
async function expectAHealthyScreen(visit: Visit, language: Language, heading: string, screen?: StaffScreen) {
  const { page } = visit;
  const words = WORDS[language];
  await settled(page, visit);
  expect(await page.getByRole("heading", { level: 1, name: heading, exact: true }).isVisible()).toBe(true);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);

  // A refused request is allowed only where the screen expects it, or where it is a 403 that the screen explains.
  const expected = screen?.expectedFailures?.() ?? [];
  const isExpected = (failure: { url: string; status: number | string }) =>
    expected.some((one) => new URL(failure.url).pathname === one.path && one.status === failure.status);
  const forbiddenShown = (await page.getByText(words.forbidden).count()) > 0;
  const unexpected = visit.failures.filter(
    (failure) => !isExpected(failure) && !(failure.status === 403 && forbiddenShown),
  );
  expect(unexpected).toEqual([]);
  // The browser logs each refused request as a console error of its own; those of expected refusals are no fault.
  const refusedUrls = new Set(
    visit.failures.filter((failure) => !unexpected.includes(failure)).map((f) => f.url),
  );
  const consoleErrors = visit.consoleErrors.filter(
    (error) => !(error.text.startsWith("Failed to load resource") && refusedUrls.has(error.url)),
  );
  expect(consoleErrors).toEqual([]);
  expect(visit.pageErrors).toEqual([]);

  // Nothing spills past the right edge: content that needs more room scrolls inside its own region.
  const width = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(width.content, "the page is wider than the screen").toBeLessThanOrEqual(width.viewport);
  // Nor is any content cut off by a box too small for it (a box that scrolls shows all of its content).
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((element) => {
        if (!(element instanceof HTMLElement)) return false;
        const style = getComputedStyle(element);
        const clips = (value: string) => value === "hidden" || value === "clip";
        if (!clips(style.overflowX) && !clips(style.overflowY)) return false;
        // Text kept for screen readers only sits in a 1 px box on purpose.
        if (element.clientWidth <= 1 || element.clientHeight <= 1) return false;
        return (
          element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1
        );
      })
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.slice(0, 60)}`,
      ),
  );
  expect(clipped, "content cut off").toEqual([]);

  expect(await axeViolations(page)).toEqual([]);
}

async function signInIfNeeded(visit: Visit, role: Role, language: Language) {
  const { page } = visit;
  const signedIn = await page
    .evaluate(() => sessionStorage.getItem("pulse.session") !== null)
    .catch(() => false);
  if (signedIn) return;
  const words = WORDS[language];
  if (!page.url().startsWith(pulse.url)) await page.goto(`${pulse.url}/app/`);
  await page
    .getByRole("button", { name: text(words, "signInAs", { role: words[ROLE_LABELS[role]] }) })
    .click();
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem("pulse.session") !== null)).toBe(true);
}

/** Forgets what went wrong so far, so a test answers only for its own screen. */
function forgetProblems(visit: Visit) {
  visit.consoleErrors.length = 0;
  visit.pageErrors.length = 0;
  visit.failures.length = 0;
}

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("screen-matrix"));
  const { db, config } = pulse.services;
  const today = localDay(new Date(), config.ORG_TIMEZONE);
  seeded.lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const history = generateDemoHistory({ today, days: 100, perWeekday: 6 });
  await makeHistoryImporter(db, config.TABLE_NAME)(history.surveys, { emptyTable: true });

  const created = await callStaffApi(pulse, "/api/v1/initiatives", {
    method: "POST",
    body: {
      title: seeded.initiativeTitle,
      description: "Requesters report the VPN dropping after laptops wake.",
      source: "survey-feedback",
      category: "technology",
      services: [DIPPING_SERVICE],
      effort: 8,
      kpi: {
        dimension: "service",
        value: DIPPING_SERVICE,
        baseline: 0.72,
        target: 0.85,
        targetDate: "2027-06-30",
      },
      secondaryKpis: [
        { dimension: "all", value: "all", baseline: 0.75, target: 0.85, targetDate: "2027-12-31" },
      ],
    },
  });
  seeded.initiativeId = String(created.id);
  for (const service of [undefined, DIPPING_SERVICE]) {
    await callStaffApi(pulse, "/api/v1/targets", {
      method: "PUT",
      role: "head",
      body: { period: today.slice(0, 4), value: 0.85, ...(service ? { service } : {}) },
    });
  }

  // A low rating from the history, its case opened ten days ago and so overdue, then linked to the initiative.
  const low = history.surveys.find((survey) => (survey.response?.score ?? 5) <= 2);
  const lowScore = low?.response?.score;
  if (!low || lowScore === undefined) throw new Error("the demo history holds no low rating");
  seeded.caseId = low.surveyId;
  const opened = openFollowUpCase(
    {
      id: low.surveyId,
      responseId: low.surveyId,
      rating: lowScore,
      ticketId: CASE_TICKET,
      service: DIPPING_SERVICE,
      ownerGroup: "Network L2",
      comment: "VPN",
    },
    { now: new Date(Date.now() - 10 * 86_400_000).toISOString() },
  );
  const followUps = makeDynamoFollowUpRepository(db, config.TABLE_NAME);
  const record = {
    ...opened,
    requesterName: "Anna Nowak",
    requesterEmail: "anna.nowak@example.com",
    ticketTitle: "VPN drops after sleep",
    ticketUrl: `https://itsm.example.com/incident/${CASE_TICKET}`,
  };
  expect(await followUps.save(record, undefined)).toBe("saved");
  await callStaffApi(pulse, `/api/v1/follow-ups/${seeded.caseId}/initiative`, {
    method: "PUT",
    body: { initiativeId: seeded.initiativeId },
  });

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("Every staff screen, as each role, in both languages, on a desktop and on a phone", () => {
  for (const role of ROLES) {
    for (const language of LANGUAGES) {
      for (const viewport of VIEWPORTS) {
        const size = `${viewport.width}×${viewport.height}`;
        const as = `as ${ROLE_NAMES[role]} in ${LANGUAGE_NAMES[language]} at ${size}`;
        const words = WORDS[language];

        describe(as, () => {
          let visit: Visit;
          beforeAll(async () => {
            visit = await openVisit(language, viewport);
          });
          afterAll(async () => {
            await visit?.context.close();
          });

          it(`the sign-in screen for ${ROLE_NAMES[role]} in ${LANGUAGE_NAMES[language]} at ${size} reads in that language with no error and no WCAG 2.1 A/AA violation`, async () => {
            const { page } = visit;
            await page.goto(`${pulse.url}/app/`);
            if (await page.evaluate(() => sessionStorage.getItem("pulse.session") !== null)) {
              await page.evaluate(() => sessionStorage.clear());
              await page.reload();
            }
            await page.getByRole("heading", { level: 1, name: words.signInTitle }).waitFor();
            await expectAHealthyScreen(visit, language, words.signInTitle);
          });

          for (const screen of SCREENS.filter((one) => !one.onlyFrom || reaches(role, one.onlyFrom))) {
            const parts = screen.roleParts ? ", only the parts the role is given," : "";
            it(`${screen.name} ${as} shows its heading in that language${parts} no error and no WCAG 2.1 A/AA violation`, async () => {
              const { page } = visit;
              await signInIfNeeded(visit, role, language);
              await settled(page, visit);
              forgetProblems(visit);

              await page.evaluate((route) => {
                location.hash = `#${route}`;
              }, screen.route());
              const heading = screen.heading(words);
              await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
              await screen.settle?.(page, words);
              await settled(page, visit);
              for (const part of screen.roleParts ?? []) {
                expect(await part.what(page, words).count(), `given from ${part.from} on`).toBe(
                  reaches(role, part.from) ? 1 : 0,
                );
              }
              await expectAHealthyScreen(visit, language, heading, screen);
            });
          }
        });
      }
    }
  }
});
