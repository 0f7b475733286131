import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { localDay } from "../../functions/src/domain/calendar.js";
import { DIPPING_SERVICE, generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { callStaffApi, startStaffAppServer } from "../helpers/staff-app-server.js";

let pulse: LocalPulse;
let browser: Browser;
let page: Page;
let dataDir: string;
let initiativeId: string;

const api = (path: string, init: { method?: string; body?: unknown; role?: "manager" | "head" } = {}) =>
  callStaffApi(pulse, path, init);

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("staff-app"));
  // A small organisation: four months of ratings written straight into the aggregates.
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const history = generateDemoHistory({ today, days: 120, perWeekday: 8 });
  await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
    emptyTable: true,
  });
  const created = await api("/api/v1/initiatives", {
    method: "POST",
    body: {
      title: "Faster VPN reconnect after sleep",
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
    },
  });
  initiativeId = String(created.id);
  for (const service of [undefined, DIPPING_SERVICE]) {
    await api("/api/v1/targets", {
      method: "PUT",
      role: "head",
      body: { period: today.slice(0, 4), value: 0.85, ...(service ? { service } : {}) },
    });
  }

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("The staff web app", () => {
  it("offers local sign-in by role, with no accessibility violations", async () => {
    await page.goto(`${pulse.url}/app/`);
    await page.getByRole("heading", { name: "Sign in to Pulse" }).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/staff-app-sign-in.png", fullPage: true });
  });

  it("signs a manager in and draws the satisfaction trend with its interval band and control limits", async () => {
    await page.getByRole("button", { name: "Sign in as manager" }).click();
    await page.getByRole("heading", { name: "Satisfaction", level: 1 }).waitFor();
    const chart = page.locator("figure.chart svg[role=img]").first();
    await chart.waitFor();

    const drawn = await chart.evaluate((svg) => ({
      points: svg.querySelectorAll(".point, .signal-point").length,
      band: svg.querySelector(".band")?.getAttribute("d") ?? "",
      limits: svg.querySelectorAll(".limit").length,
      title: svg.querySelector("title")?.textContent,
    }));
    expect(drawn.points).toBeGreaterThan(5);
    expect(drawn.band.length).toBeGreaterThan(20);
    expect(drawn.limits).toBe(2);
    expect(drawn.title).toBe("CSAT trend");
    await expect.poll(() => page.getByText("Local manager (manager)").count()).toBe(1);

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/staff-app-satisfaction.png", fullPage: true });
  });

  it("breaks satisfaction down by service with an interval per service", async () => {
    await page.getByLabel("Break down by").selectOption("service");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("heading", { name: "Breakdown by service" }).waitFor();
    await expect.poll(() => page.locator(".whisker").count()).toBeGreaterThan(3);

    expect(await axeViolations(page)).toEqual([]);
  });

  it("lists the backlog with each score's parts and opens an initiative with its KPI trend", async () => {
    await page.getByRole("link", { name: "CSI backlog" }).click();
    await page.getByRole("heading", { name: "CSI backlog", level: 1 }).waitFor();
    const link = page.getByRole("link", { name: new RegExp(`${initiativeId} Faster VPN reconnect`) });
    await link.waitFor();
    await page.locator("td details summary").first().click();
    expect(await page.locator(".score-parts li").count()).toBeGreaterThan(0);

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/staff-app-backlog.png", fullPage: true });

    await link.click();
    await page
      .getByRole("heading", { name: `${initiativeId} · Faster VPN reconnect after sleep`, level: 1 })
      .waitFor();
    await page.getByRole("heading", { name: `KPI trend: CSAT · ${DIPPING_SERVICE}` }).waitFor();
    await page.locator("#kpi-title ~ div svg .series").waitFor();
    await page.getByRole("heading", { name: "History" }).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/staff-app-initiative.png", fullPage: true });
  });

  it("lets a manager edit an initiative and move it along the workflow, each change kept in its history", async () => {
    await page.goto(`${pulse.url}/app/#/initiatives/${initiativeId}`);
    await page
      .getByRole("heading", { name: `${initiativeId} · Faster VPN reconnect after sleep`, level: 1 })
      .waitFor();
    const history = page.locator("ol.history");

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const form = page.locator("form[aria-labelledby=initiative-form-title]");
    await form.getByLabel("Owner").fill("Service desk lead");
    await form.getByRole("button", { name: "Save" }).click();
    await history.getByText(/owner: .+ → Service desk lead/).waitFor();

    const transition = page.locator("form[aria-labelledby=transition-title]");
    await transition.getByLabel("Move to").selectOption("approved");
    await transition.getByRole("button", { name: "Change status" }).click();
    await history.getByText("status: Proposed → Approved").waitFor();
    expect(await page.locator(".details-grid").getByText("Service desk lead").count()).toBe(1);
  });

  it("checks a register file in a dry run and lists the rows a real import refuses", async () => {
    await page.getByRole("link", { name: "CSI backlog" }).click();
    await page.getByRole("button", { name: "Import CSV" }).click();
    const form = page.locator("form[aria-labelledby=import-title]");
    const header =
      "id,title,source,services,category,owner,effort,status,statusReason,kpiValue,kpiBaseline,kpiTarget,kpiTargetDate";
    const good = ",Printer queue clean-up,staff-idea,Printing,technology,Jan,2,approved,,,,,";
    const bad = ",Row with a bad effort,problem,Printing,process,Ewa,a lot,proposed,,,,,";
    const choose = (...rows: string[]) =>
      form.getByLabel("CSV file").setInputFiles({
        name: "register.csv",
        mimeType: "text/csv",
        buffer: Buffer.from([header, ...rows].join("\r\n")),
      });

    await choose(good, bad);
    await form.getByRole("button", { name: "Check (dry run)" }).click();
    await form.getByText("1 rows accepted, 1 rejected").waitFor();
    await form.getByRole("rowheader", { name: "3" }).waitFor();

    // Another file, its bad row first: the refused import's own rows replace the dry run's.
    await choose(bad, good);
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await form.getByRole("rowheader", { name: "2" }).waitFor();
    expect(await form.getByText(/^effort: /).count()).toBe(1);
    expect(await form.locator(".notice-error").count()).toBe(0);
  });

  it("shows the heads' overview, the follow-up queue and the comments with no accessibility violations", async () => {
    for (const [link, heading, shot] of [
      ["Overview", "Heads' overview", "overview"],
      ["Follow-ups", "Follow-up queue", "follow-ups"],
      ["Comments", "Comments and themes", "comments"],
    ] as const) {
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
      if (shot === "overview") expect(await page.locator("table.heatmap tbody tr").count()).toBe(2);

      expect(await axeViolations(page), shot).toEqual([]);
      await page.screenshot({ path: `/tmp/staff-app-${shot}.png`, fullPage: true });
    }
  });

  it("switches the interface to Polish", async () => {
    await page.locator("header select").selectOption("pl");
    await page.getByRole("link", { name: "Rejestr CSI" }).waitFor();

    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pl");
  });
});
