import { rm } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { localDay } from "../../functions/src/domain/calendar.js";
import { DIPPING_SERVICE, generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { en, type MessageKey, pl } from "../../web/src/i18n/messages.js";
import { term } from "../../web/src/i18n/vocabulary.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { callStaffApi, startStaffAppServer } from "../helpers/staff-app-server.js";

type Locale = "en" | "pl";

let pulse: LocalPulse;
let browser: Browser;
let dataDir: string;
let linkedResponse: { id: string; comment: string; locale: string };

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  callStaffApi(pulse, path, { ...init, role: "manager" });

/** An initiative of its own for one test, already moved along to `steps`' last status. */
async function anInitiative(title: string, fields: Record<string, unknown> = {}, steps: string[] = []) {
  const created = await api("/api/v1/initiatives", {
    method: "POST",
    body: {
      title,
      source: "survey-feedback",
      category: "technology",
      services: [DIPPING_SERVICE],
      effort: 2,
      ...fields,
    },
  });
  const id = String(created.id);
  for (const to of steps)
    await api(`/api/v1/initiatives/${id}/transitions`, { method: "POST", body: { to } });
  return id;
}

const say = (locale: Locale, key: MessageKey, values: Record<string, string | number> = {}) =>
  (locale === "pl" ? pl : en)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/** A signed-in manager's page at a screen size and language, collecting console and page errors. */
async function openAs(
  locale: Locale,
  viewport: { width: number; height: number },
  role: "roleManager" | "roleHead" = "roleManager",
) {
  const context = await browser.newContext({ viewport, locale: locale === "pl" ? "pl-PL" : "en-GB" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${pulse.url}/app/`);
  await page.getByRole("button", { name: say(locale, "signInAs", { role: say(locale, role) }) }).click();
  // Attached, not visible: on a phone the navigation folds behind the menu button.
  await page
    .getByRole("link", { name: say(locale, "navBacklog"), includeHidden: true })
    .waitFor({ state: "attached" });
  return { page, errors, close: () => context.close() };
}

const SIZES = [
  ["en", { width: 1366, height: 768 }],
  ["pl", { width: 390, height: 844 }],
] as const;

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("initiative-backlog"));
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const history = generateDemoHistory({ today, days: 60, perWeekday: 6 });
  await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
    emptyTable: true,
  });
  const commented = history.surveys.find((survey) => survey.response?.comment);
  if (!commented?.response?.comment) throw new Error("the demo history has no comment to link");
  linkedResponse = {
    id: commented.surveyId,
    comment: commented.response.comment,
    locale: commented.requester.locale === "en" ? "en" : "pl",
  };
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.each(SIZES)("The initiative screen and the backlog (%s, %o)", (locale, viewport) => {
  it("moves an initiative four steps in a row without a reload, asking for the go-live day, then the verdict", async () => {
    const id = await anInitiative(`Steps in a row ${locale}`, {}, ["approved", "planned"]);
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
    const form = page.locator("form[aria-labelledby=transition-title]");
    const history = page.locator("ol.history");
    const submit = form.getByRole("button", { name: say(locale, "transition") });
    const moved = (from: string, to: string) =>
      history
        .getByText(
          say(locale, "changedFromTo", { field: "status", from: term(locale, from), to: term(locale, to) }),
        )
        .waitFor();
    const goLive = form.getByLabel(say(locale, "goLiveDate"));
    const verdict = form.getByLabel(say(locale, "verdict"));

    // With the keyboard only: the button is reached and pressed, and focus lands on what happened.
    await submit.focus();
    await page.keyboard.press("Enter");
    await moved("planned", "in-progress");
    expect(await goLive.count()).toBe(1);
    await submit.focus();
    await page.keyboard.press("Enter");
    await moved("in-progress", "implemented");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toBe(say(locale, "transitionDone", { status: term(locale, "implemented") }));

    // Reviewing needs the benefit verdict, not another go-live day.
    await verdict.waitFor();
    expect(await goLive.count()).toBe(0);
    await verdict.selectOption("realised");
    await submit.click();
    await moved("implemented", "reviewed");

    // Closing offers a closure code; left as proposed, the realised verdict closes it as successful.
    await form.getByLabel(say(locale, "closureCode")).waitFor();
    await submit.click();
    await moved("reviewed", "closed");
    expect(await form.count()).toBe(0);
    await page.getByText(`${say(locale, "closureCode")}: ${term(locale, "successful")}`).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("puts an initiative on hold with a reason, then resumes it to where it was", async () => {
    const id = await anInitiative(`Hold and resume ${locale}`, {}, ["approved", "planned"]);
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
    const form = page.locator("form[aria-labelledby=transition-title]");
    const submit = form.getByRole("button", { name: say(locale, "transition") });
    const moveTo = form.getByLabel(say(locale, "moveTo"));

    await moveTo.selectOption("on-hold");
    const reason = form.getByLabel(say(locale, "reasonRequired"));
    expect(await reason.getAttribute("required")).not.toBeNull();
    await reason.fill("Waiting for the vendor");
    await submit.click();
    await page.getByText(`${say(locale, "heldFrom")}: ${term(locale, "planned")}`).waitFor();
    // On hold, the way on is back to planned or a cancellation, nothing else.
    expect(await moveTo.locator("option").allTextContents()).toEqual([
      term(locale, "planned"),
      term(locale, "cancelled"),
    ]);
    await submit.click();
    await page
      .locator("ol.history")
      .getByText(
        say(locale, "changedFromTo", {
          field: "status",
          from: term(locale, "on-hold"),
          to: term(locale, "planned"),
        }),
      )
      .waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("shows an ownerless initiative without a KPI with its warnings, in the backlog and on its screen", async () => {
    const title = `Forgotten idea ${locale}`;
    const id = await anInitiative(title, { owner: "", manualRank: 1 });
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/backlog`);
    const row = page.getByRole("row").filter({ hasText: title });
    await row.waitFor();
    for (const flag of ["no-owner", "no-target"]) await row.getByText(term(locale, flag)).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole("link").click();
    const warnings = page.getByRole("region", { name: say(locale, "flagsTitle") });
    await warnings.waitFor();
    expect(await warnings.getByRole("listitem").allTextContents()).toEqual([
      term(locale, "no-owner"),
      term(locale, "no-target"),
    ]);
    expect(page.url()).toContain(id);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("tells a manager, in the interface's language, that a head approves work above the cost threshold", async () => {
    const id = await anInitiative(`Costly change ${locale}`, { estimatedCost: 50_000 });
    const settings = await callStaffApi(pulse, "/api/v1/settings/priority", { role: "analyst" });
    const withThreshold = (approvalThreshold: number | null) =>
      callStaffApi(pulse, "/api/v1/settings/priority", {
        method: "PUT",
        role: "head",
        body: { ...settings, approvalThreshold },
      });
    await withThreshold(10_000);
    try {
      const { page, errors, close } = await openAs(locale, viewport);
      await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
      const form = page.locator("form[aria-labelledby=transition-title]");
      await form.getByLabel(say(locale, "moveTo")).selectOption("approved");
      await form.getByRole("button", { name: say(locale, "transition") }).click();
      await form.getByRole("alert").getByText(say(locale, "approvalRequired")).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(errors.filter((error) => !error.includes("403"))).toEqual([]);
      await close();
    } finally {
      await withThreshold(null);
    }
  });

  it("adds a task and marks it done, the % complete following each change without a reload", async () => {
    const id = await anInitiative(`Tasks ${locale}`);
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
    const panel = page.locator("section[aria-labelledby=tasks-title]");
    await panel.getByText(say(locale, "noTasks")).waitFor();

    const add = panel.getByRole("form", { name: say(locale, "addTask") });
    await add.getByLabel(say(locale, "title")).fill("Train the desk");
    await add.getByLabel(say(locale, "owner")).fill("Ewa");
    await add.getByRole("button", { name: say(locale, "addTask") }).click();
    await panel.getByText(say(locale, "percentComplete", { percent: 0 })).waitFor();
    await panel.getByLabel(say(locale, "taskStateOf", { title: "Train the desk" })).selectOption("done");
    await panel.getByText(say(locale, "percentComplete", { percent: 100 })).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("opens a linked response in place, with its score and the requester's comment in their language", async () => {
    const id = await anInitiative(`Linked response ${locale}`, { linkedResponseIds: [linkedResponse.id] });
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
    const open = page.getByRole("button", {
      name: say(locale, "linkedResponseOpen", { id: linkedResponse.id }),
    });

    await open.focus();
    await page.keyboard.press("Enter");
    const comment = page.locator(".linked-response q");
    await comment.waitFor();

    expect(await comment.textContent()).toBe(linkedResponse.comment);
    expect(await comment.getAttribute("lang")).toBe(linkedResponse.locale);
    expect(page.url()).toContain(`#/initiatives/${id}`);
    expect(await open.getAttribute("aria-expanded")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("says there is no such initiative for an unknown id, with the way back to the backlog", async () => {
    const { page, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/CSI-9999`);

    await page.getByRole("heading", { name: say(locale, "initiativeNotFoundTitle"), level: 1 }).waitFor();
    expect(await page.getByText(say(locale, "notAvailable")).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: say(locale, "backToBacklog") }).click();
    await page.getByRole("heading", { name: say(locale, "backlogTitle"), level: 1 }).waitFor();
    await close();
  });

  it("explains each score as the sum of its parts divided by effort, in the interface's language", async () => {
    const id = await anInitiative(`Scored ${locale}`, {
      kpi: {
        dimension: "service",
        value: DIPPING_SERVICE,
        baseline: 0.7,
        target: 0.9,
        targetDate: "2027-06-30",
      },
    });
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/backlog`);
    const row = page.getByRole("row").filter({ hasText: id });
    await row.locator("details summary").click();
    const parts = row.locator(".score-parts li");
    await parts.first().waitFor();

    const heading = await page.locator("#backlog-table-title").textContent();
    expect(heading).toContain(
      locale === "pl" ? "luka CSAT + wolumen + waga strategiczna" : "CSAT gap + volume + strategic weight",
    );
    const backlog = await api("/api/v1/initiatives?limit=200");
    const entry = (
      backlog.items as Array<{
        initiative: { id: string };
        priority: { parts: Array<{ name: string; value: number }> };
      }>
    ).find((item) => item.initiative.id === id);
    const added = entry?.priority.parts.filter((part) => part.name !== "effort") ?? [];
    const sum = added.reduce((total, part) => total + part.value, 0);
    const format = new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB", { maximumFractionDigits: 2 });
    const effortLine = await parts.last().textContent();
    expect(effortLine).toContain(
      `(${added.map((part) => format.format(part.value)).join(" + ")}) = ${format.format(sum)}`,
    );

    const text = (await parts.allTextContents()).join("\n");
    if (locale === "pl") {
      expect(text).not.toMatch(/person-days|responses a month|weight|target/);
      expect(text).toContain("osobodni");
    } else expect(text).toContain("person-days");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
  it("links an incident by its number and address, shown as a link, and shows the actual cost", async () => {
    const id = await anInitiative(`Records ${locale}`, { actualCost: 1250 });
    const { page, errors, close } = await openAs(locale, viewport);
    await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
    const panel = page.locator("section[aria-labelledby=records-title]");
    await panel.getByText(say(locale, "none")).waitFor();

    const add = panel.getByRole("form", { name: say(locale, "addRecord") });
    await add.getByLabel(say(locale, "recordKind")).selectOption("incident");
    await add.getByLabel(say(locale, "recordNumber")).fill("INC0012345");
    await add.getByLabel(say(locale, "recordUrl")).fill("https://desk.example.com/INC0012345");
    await add.getByRole("button", { name: say(locale, "addRecord") }).click();
    const link = panel.getByRole("link", { name: "INC0012345" });
    await link.waitFor();

    expect(await link.getAttribute("href")).toBe("https://desk.example.com/INC0012345");
    expect(await panel.textContent()).toContain(term(locale, "record-incident"));
    const cost = page
      .locator("dt", { hasText: say(locale, "actualCost") })
      .locator("xpath=following-sibling::dd[1]");
    expect((await cost.textContent())?.replace(/\s/g, "")).toMatch(/^1[,.]?250$/);
    const stored = await api(`/api/v1/initiatives/${id}`);
    expect(stored.records).toEqual([
      { kind: "incident", id: "INC0012345", url: "https://desk.example.com/INC0012345" },
    ]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("shows a head the portfolio as a table by status with totals, matching the API's figures", async () => {
    await anInitiative(`Portfolio ${locale}`, { estimatedCost: 700, actualCost: 300 });
    const portfolio = await callStaffApi(pulse, "/api/v1/initiatives/portfolio", { role: "head" });
    const { page, errors, close } = await openAs(locale, viewport, "roleHead");
    await page.goto(`${pulse.url}/app/#/backlog`);
    const panel = page.locator("section[aria-labelledby=portfolio-title]");
    const proposed = panel.getByRole("row").filter({ hasText: term(locale, "proposed") });
    await proposed.waitFor();
    const totals = panel.getByRole("row").filter({ hasText: say(locale, "portfolioTotal") });
    const format = new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB").format;

    const totalCells = (await totals.locator("td").allTextContents()).map((cell) => cell.replace(/\s/g, ""));
    expect(totalCells[0]).toBe(
      format((portfolio.totals as { initiatives: number }).initiatives).replace(/\s/g, ""),
    );
    expect(
      await panel
        .getByRole("row")
        .filter({ hasText: term(locale, "realised") })
        .count(),
    ).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});
