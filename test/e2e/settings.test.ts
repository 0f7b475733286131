import { readFile, rm } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { addDays, localDay } from "../../functions/src/domain/calendar.js";
import { generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { callStaffApi, startStaffAppServer } from "../helpers/staff-app-server.js";

let pulse: LocalPulse;
let browser: Browser;
let dataDir: string;
let lastMonth: string;
let monthBefore: string;

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  callStaffApi(pulse, path, { ...init, role: "head" });

/** A page of its own, with every console error and page error it reports kept for the test to assert on. */
async function openApp(options: { viewport: { width: number; height: number }; locale: "en-GB" | "pl-PL" }) {
  const context: BrowserContext = await browser.newContext({
    viewport: options.viewport,
    locale: options.locale,
  });
  const page: Page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // A refused save is the browser's own network log, which names the address; anything else is the app's fault.
    const refused = /^Failed to load resource: the server responded with a status of 400/.test(
      message.text(),
    );
    if (!(refused && message.location().url.includes("/api/v1/settings/"))) problems.push(message.text());
  });
  await page.goto(`${pulse.url}/app/`);
  return { context, page, problems };
}

async function signIn(page: Page, role: string, heading = "Settings") {
  await page.getByRole("button", { name: `Sign in as ${role}` }).click();
  await page.getByRole("link", { name: heading, exact: true }).click();
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
  await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
}

const focusedClass = (page: Page) => page.evaluate(() => document.activeElement?.className ?? "");

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("settings"));
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const history = generateDemoHistory({ today, days: 75, perWeekday: 4 });
  await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
    emptyTable: true,
  });
  lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  monthBefore = addDays(`${lastMonth}-01`, -1).slice(0, 7);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("The settings area", () => {
  it("lets a head change the survey policy twice, naming a refused field under it", async () => {
    const { context, page, problems } = await openApp({ viewport: DESKTOP, locale: "en-GB" });
    await signIn(page, "head of service management");
    const form = page.locator("form[aria-labelledby=policy-title]");
    const sampleRate = form.getByLabel("Sample rate");

    await sampleRate.fill("1.5");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Nothing was saved: 1 field(s) need correcting").waitFor();
    expect(await sampleRate.getAttribute("aria-invalid")).toBe("true");
    const described = (await sampleRate.getAttribute("aria-describedby")) ?? "";
    const under = page.locator(`[id="${described.split(" ")[1]}"]`);
    expect(await under.textContent()).toMatch(/^Check this value:/);
    expect(await under.locator("[lang=en]").count()).toBe(1);
    await expect.poll(() => focusedClass(page)).toBe("result");
    expect((await api("/api/v1/settings/survey-policy")).sampleRate).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await sampleRate.fill("0,5");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Survey policy saved.").waitFor();
    expect(await sampleRate.getAttribute("aria-invalid")).toBeNull();

    await form.getByLabel("Days between invitations to one requester").fill("3");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Survey policy saved.").waitFor();
    expect(await api("/api/v1/settings/survey-policy")).toMatchObject({ sampleRate: 0.5, throttleDays: 3 });
    await expect.poll(() => focusedClass(page)).toBe("result");

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/settings-policy.png", fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("lets a head set the digest recipients twice, naming a refused address", async () => {
    const { context, page, problems } = await openApp({ viewport: DESKTOP, locale: "en-GB" });
    await signIn(page, "head of service management");
    const form = page.locator("form[aria-labelledby=recipients-title]");
    await form.getByText("No one receives the monthly digest yet.").waitFor();
    const list = form.getByLabel("Recipients");

    await list.fill("head@example.com\nno");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText(/^Check this value: no: /).waitFor();
    expect(await list.getAttribute("aria-invalid")).toBe("true");
    expect((await api("/api/v1/settings/digest")).recipients).toEqual([]);

    await list.fill("Head@Example.com\nboard@example.com");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Recipients saved: 2 address(es).").waitFor();
    await list.fill("head@example.com, board@example.com; quality@example.com");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Recipients saved: 3 address(es).").waitFor();
    expect(await list.inputValue()).toBe("head@example.com\nboard@example.com\nquality@example.com");
    expect((await api("/api/v1/settings/digest")).recipients).toEqual([
      "head@example.com",
      "board@example.com",
      "quality@example.com",
    ]);

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows two months' digests in the page, styled by the app, and downloads them as HTML and CSV", async () => {
    const { context, page, problems } = await openApp({ viewport: DESKTOP, locale: "en-GB" });
    await signIn(page, "head of service management");
    const panel = page.locator("section[aria-labelledby=digest-title]");
    await panel.getByText("Choose a month to see its digest.").waitFor();

    for (const month of [lastMonth, monthBefore]) {
      await panel.getByLabel("Month", { exact: true }).fill(month);
      await panel.getByRole("button", { name: "Show digest" }).click();
      const digest = panel.locator(".digest-document[lang=en]");
      await digest.getByRole("table", { name: "Overall and by service" }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("digest-heading");
      expect(await digest.locator("[style], script, img, a").count()).toBe(0);
      expect(page.url()).toContain(`month=${month}`);

      for (const [button, format] of [
        ["Download HTML", "html"],
        ["Download CSV", "csv"],
      ] as const) {
        const [file] = await Promise.all([
          page.waitForEvent("download"),
          panel.getByRole("button", { name: button }).click(),
        ]);
        expect(file.suggestedFilename()).toBe(`pulse-digest-${month}.${format}`);
        const text = await readFile(await file.path(), "utf8");
        expect(text).toMatch(format === "html" ? /^<!doctype html>/ : /,/);
        await panel.getByText(`Downloaded pulse-digest-${month}.${format}.`).waitFor();
      }
    }

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/settings-digest.png", fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows only a digest's text and tables, whatever its page holds, and retries a digest that failed to load", async () => {
    const { context, page, problems } = await openApp({ viewport: DESKTOP, locale: "en-GB" });
    const hostile = [
      '<!doctype html><html lang="en"><head><style>body{display:none}</style>',
      '<link rel="stylesheet" href="/app/evil.css"></head><body style="background:red">',
      '<h1 style="color:red" onclick="window.ran = true">Hostile digest</h1><script>window.ran = true</script>',
      '<img src="/app/pixel.png" onerror="window.ran = true"><a href="javascript:window.ran = true">link</a>',
      '<svg/onload="window.ran = true"></svg><p title="x"onclick="window.ran = true">Close quotes</p>',
      '<table><caption>Scores</caption><tr><th scope="row" style="x">Overall</th><td>90%</td></tr></table>',
      '<iframe src="/app/"></iframe><form action="/x"><input name="q"></form></body></html>',
    ].join("");
    let answers = 0;
    // The first answer is a busy API, the next a page that tries everything a digest must not do.
    await page.route("**/api/v1/digest/*.html", (route) => {
      answers += 1;
      return answers === 1
        ? route.fulfill({ status: 503, contentType: "application/problem+json", body: '{"title":"Busy"}' })
        : route.fulfill({ status: 200, contentType: "text/html", body: hostile });
    });
    const fetched: string[] = [];
    page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
    await signIn(page, "head of service management");
    const panel = page.locator("section[aria-labelledby=digest-title]");

    await panel.getByLabel("Month", { exact: true }).fill(lastMonth);
    await panel.getByRole("button", { name: "Show digest" }).click();
    await panel.getByRole("alert").getByText("Busy").waitFor();
    await panel.getByRole("button", { name: "Try again" }).click();

    const digest = panel.locator(".digest-document[lang=en]");
    await digest.getByRole("heading", { name: "Hostile digest", level: 4 }).waitFor();
    await digest.getByRole("table", { name: "Scores" }).getByRole("rowheader", { name: "Overall" }).waitFor();
    expect(
      await digest.locator("[style], [onclick], script, style, link, img, a, iframe, form, input").count(),
    ).toBe(0);
    expect(await page.evaluate(() => "ran" in window)).toBe(false);
    expect(fetched.filter((path) => path.endsWith("pixel.png") || path.endsWith("evil.css"))).toEqual([]);

    expect(await axeViolations(page)).toEqual([]);
    expect(problems.filter((problem) => !problem.includes("status of 503"))).toEqual([]);
    await context.close();
  });

  it("works in Polish on a phone with the keyboard alone", async () => {
    const { context, page, problems } = await openApp({ viewport: PHONE, locale: "pl-PL" });
    await page.getByRole("button", { name: "Zaloguj jako szef zarządzania usługami" }).click();
    // On a phone the navigation is behind the menu button: open it from the keyboard too.
    await page.getByRole("button", { name: "Menu" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Ustawienia", exact: true }).waitFor();
    await page.getByRole("link", { name: "Ustawienia", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Ustawienia", level: 1 }).waitFor();
    await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pl");

    // Two saves of the policy from the keyboard: each one's confirmation takes the focus.
    for (const days of ["4", "5"]) {
      await page.getByLabel("Dni między zaproszeniami dla jednego zgłaszającego").focus();
      await page.keyboard.press("Control+A");
      await page.keyboard.type(days);
      for (let step = 0; step < 5; step += 1) await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Zapisz");
      await page.keyboard.press("Enter");
      await page.getByText("Zapisano zasady ankiet.").waitFor();
      await expect.poll(() => focusedClass(page)).toBe("result");
    }
    expect((await api("/api/v1/settings/survey-policy")).throttleDays).toBe(5);

    // The month starts at the last whole one, whose digest is the one sent.
    await page.getByLabel("Miesiąc", { exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.locator(".digest-document[lang=en] table").first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("digest-heading");

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/settings-phone-pl.png", fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows an analyst the policy read-only and the digest, but not the recipients", async () => {
    const { context, page, problems } = await openApp({ viewport: DESKTOP, locale: "en-GB" });
    await signIn(page, "analyst");
    await page.getByText("Only the head of service management can change the survey policy.").waitFor();
    expect(await page.getByRole("heading", { name: "Digest recipients" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);

    await page.getByLabel("Month", { exact: true }).fill(lastMonth);
    await page.getByRole("button", { name: "Show digest" }).click();
    await page.locator(".digest-document table").first().waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
