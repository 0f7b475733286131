import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { localDay } from "../../functions/src/domain/calendar.js";
import { DIPPING_SERVICE, generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { startStaffAppServer } from "../helpers/staff-app-server.js";

// Printing draws a tenth of the responses: about 17 a month here, below the 30 a verdict needs.
const SMALL_SERVICE = "Printing";

let pulse: LocalPulse;
let browser: Browser;
let today: string;
let dataDir: string;
let errors: string[];

async function seedTarget(period: string, value: number, service?: string) {
  const token = await issueLocalToken(pulse.secrets.jwtSecret, {
    id: "seed-head",
    name: "Seed head",
    role: "head",
  });
  const response = await fetch(`${pulse.url}/api/v1/targets`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ period, value, ...(service ? { service } : {}) }),
  });
  expect(response.ok, `target ${period} ${service}: ${response.status}`).toBe(true);
}

/** A fresh page signed in as a head, at a screen size and in a language, collecting console and page errors. */
async function headPage(
  viewport: { width: number; height: number },
  locale: "en" | "pl" = "en",
): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: locale === "pl" ? "pl-PL" : "en-GB" });
  page.setDefaultTimeout(10_000);
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${pulse.url}/app/`);
  await page.evaluate((code) => localStorage.setItem("pulse.locale", code), locale);
  await page.reload();
  const signIn =
    locale === "pl" ? "Zaloguj jako szef zarządzania usługami" : "Sign in as head of service management";
  await page.getByRole("button", { name: signIn }).click();
  await page.locator("main h1").waitFor();
  return page;
}

async function openOverview(page: Page, query = "") {
  await page.goto(`${pulse.url}/app/#/overview${query}`);
  await page.locator(".target-card").first().waitFor();
  await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
}

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("heads-overview"));
  today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const history = generateDemoHistory({ today, days: 200, perWeekday: 8 });
  await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
    emptyTable: true,
  });
  const year = today.slice(0, 4);
  await seedTarget(year, 0.85);
  await seedTarget(year, 0.85, DIPPING_SERVICE);
  await seedTarget(year, 0.8, SMALL_SERVICE);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  errors = [];
});

const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

describe("The heads' overview at a glance", () => {
  it("shows one card per target with its latest closed month judged, a trend line and n, fitting 1366 px", async () => {
    const page = await headPage({ width: 1366, height: 768 });
    await openOverview(page);

    const cards = page.locator(".target-card");
    expect(await cards.count()).toBe(3);
    const organisation = cards.filter({ hasText: "Whole organisation" });
    // Each card loads its own trend line after the cards appear.
    await organisation.locator("svg.spark-svg").waitFor();
    const card = (await organisation.textContent()) ?? "";
    expect(card).toMatch(/\(closed\)|so far \(not yet closed\)/);
    expect(card).toMatch(/On track|At risk|Off track|Too few responses/);
    expect(card).toMatch(/n=\d+/);
    expect(card).toMatch(/[+−±]\d+\.\d pp against the target of 85%/);
    expect(
      await organisation.locator("svg.spark-svg[role=img] .point, svg.spark-svg .point-weak").count(),
    ).toBeGreaterThan(2);
    // The month table holds only the months that have begun, so its last (status) column is in view.
    const fits = await page.locator("table.heatmap").evaluate((table) => {
      const region = table.closest(".table-scroll") as HTMLElement;
      return region.scrollWidth <= region.clientWidth;
    });
    expect(fits).toBe(true);
    expect(await page.locator("table.heatmap thead th").allTextContents()).not.toContain("No data");

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: "/tmp/heads-overview-1366.png", fullPage: true });
    await page.close();
  });

  it("marks a small sample lighter, hatched and in words, never with a verdict's colour", async () => {
    const page = await headPage({ width: 1366, height: 768 });
    await openOverview(page);

    const small = page.locator(".target-card", { hasText: SMALL_SERVICE });
    expect(await small.getAttribute("class")).toContain("card-weak");
    expect(await small.textContent()).toContain("small sample (n < 30), not judged");
    expect(await small.locator(".pill-neutral").count()).toBe(1);
    const row = page.locator("table.heatmap tbody tr", { hasText: SMALL_SERVICE });
    expect(await row.locator("td.heat-off-track, td.heat-at-risk, td.heat-on-track").count()).toBe(0);
    expect(await row.textContent()).toContain("small sample");
    // The legend names both caveats.
    const legend = (await page.locator(".legend").first().textContent()) ?? "";
    expect(legend).toContain("fewer than 30 responses");
    expect(legend).toContain("partial period");
    // The running month is a partial period in the table, said in words.
    expect(await page.locator("table.heatmap").textContent()).toContain("partial period (not yet closed)");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens on the current quarter and picks another period from a list, twice, moving focus to the cards", async () => {
    const page = await headPage({ width: 1366, height: 768 });
    await openOverview(page);
    const picker = page.getByRole("form", { name: "Filters" }).getByLabel("Period");
    expect(await picker.evaluate((el) => el.tagName)).toBe("SELECT");
    expect(await picker.inputValue()).toBe(quarterOf(today));

    const year = today.slice(0, 4);
    const previousYear = String(Number(year) - 1);
    for (const [period, heading] of [
      [year, `Whole year ${year}`],
      [`${previousYear}-Q4`, `Q4 ${previousYear}`],
    ] as const) {
      await picker.selectOption(period);
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByRole("heading", { name: new RegExp(heading), level: 2 }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cards-title");
      expect(page.url()).toContain(`period=${period}`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows only the overview when the screen before it is left before the browser draws its first frame", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "en-GB" });
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${pulse.url}/app/`);
    await page.evaluate(() => localStorage.setItem("pulse.locale", "en"));
    await page.reload();
    const signIn = page.getByRole("button", { name: "Sign in as head of service management" });
    await signIn.waitFor();
    // Frames held back, as on a busy phone: the screen shown after sign-in is left before its first frame.
    await page.evaluate(() => {
      const drawFrame = window.requestAnimationFrame.bind(window);
      const held: FrameRequestCallback[] = [];
      window.requestAnimationFrame = (callback) => held.push(callback);
      Object.assign(window, {
        releaseFrames: () => {
          window.requestAnimationFrame = drawFrame;
          for (const callback of held.splice(0)) drawFrame(callback);
        },
      });
    });
    await signIn.click();
    await page.getByRole("heading", { name: "Satisfaction", level: 1 }).waitFor();
    await page.evaluate(() => {
      location.hash = "#/overview";
    });
    await page.getByRole("heading", { name: "Heads' overview", level: 1 }).waitFor();
    await page.evaluate(() => (window as unknown as { releaseFrames: () => void }).releaseFrames());

    await page.locator(".target-card").first().waitFor();
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
    expect(await page.locator("main h1").allTextContents()).toEqual(["Heads' overview"]);
    expect(await page.getByRole("button", { name: "Apply" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("writes differences in percentage points and caveats in Polish", async () => {
    const page = await headPage({ width: 1366, height: 768 }, "pl");
    await openOverview(page);

    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toMatch(/[+−±]\d+,\d p\.p\. względem celu 85%/);
    expect(text).toContain("mała próba (n < 30), bez oceny");
    expect(text).not.toMatch(/[+−]\d+,\d ?%/);
    expect(await page.getByRole("form", { name: "Filtry" }).getByLabel("Okres").inputValue()).toBe(
      quarterOf(today),
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws the day view's small samples and running day lighter, with a legend and caveats in the table", async () => {
    const page = await headPage({ width: 1366, height: 768 });
    await page.goto(`${pulse.url}/app/#/satisfaction?interval=day`);
    const chart = page.locator("figure.chart").first();
    await chart.locator("svg[role=img]").waitFor();

    expect(await chart.locator(".point-weak").count()).toBeGreaterThan(10);
    expect(await chart.locator(".series-weak").count()).toBe(1);
    expect(await chart.locator(".legend").textContent()).toContain("fewer than 30 responses");
    await chart.getByText("Show the data as a table").click();
    const table = (await chart.locator("table").textContent()) ?? "";
    expect(table).toContain("small sample (n < 30), not judged");
    expect(table).toContain("partial period (not yet closed)");
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps the header to one short row on a phone, the navigation behind a menu button", async () => {
    const page = await headPage({ width: 390, height: 844 });
    await openOverview(page);
    const header = page.locator("header.top");
    expect((await header.boundingBox())?.height).toBeLessThanOrEqual(100);

    const menu = page.getByRole("button", { name: "Menu" });
    for (const round of [1, 2]) {
      await menu.focus();
      await page.keyboard.press("Enter");
      expect(await menu.getAttribute("aria-expanded"), `round ${round}`).toBe("true");
      await page.getByRole("link", { name: "Satisfaction", exact: true }).click();
      await expect.poll(() => page.locator("main h1").first().textContent()).toBe("Satisfaction");
      await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
      expect((await header.boundingBox())?.height).toBeLessThanOrEqual(100);
      await page.goto(`${pulse.url}/app/#/overview`);
      await page.locator(".target-card").first().waitFor();
    }
    expect(await page.locator(".target-cards").evaluate((list) => list.scrollWidth <= list.clientWidth)).toBe(
      true,
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: "/tmp/heads-overview-390.png", fullPage: true });
    await page.close();

    const polish = await headPage({ width: 390, height: 844 }, "pl");
    await openOverview(polish);
    expect((await polish.locator("header.top").boundingBox())?.height).toBeLessThanOrEqual(100);
    await polish.getByRole("button", { name: "Menu" }).click();
    await polish.getByRole("link", { name: "Rejestr CSI" }).waitFor();
    expect(await axeViolations(polish)).toEqual([]);
    expect(errors).toEqual([]);
    await polish.close();
  });
});
