import { rm } from "node:fs/promises";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { addDays, localDay } from "../../functions/src/domain/calendar.js";
import { MAX_SECONDARY_KPIS } from "../../functions/src/domain/initiatives/fields.js";
import type { KpiProgress } from "../../functions/src/domain/initiatives/kpi-progress.js";
import { DIPPING_SERVICE, generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { STATUS_LABELS } from "../../web/src/features/overview/status-labels.js";
import { makeI18n } from "../../web/src/i18n/i18n.js";
import { en, type MessageKey, pl } from "../../web/src/i18n/messages.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { callStaffApi, startStaffAppServer } from "../helpers/staff-app-server.js";

type Locale = "en" | "pl";
type Role = "roleManager" | "roleAnalyst";

let pulse: LocalPulse;
let browser: Browser;
let dataDir: string;

const PRIMARY = {
  dimension: "service",
  value: DIPPING_SERVICE,
  baseline: 0.72,
  target: 0.85,
  targetDate: "2027-06-30",
};

/** An initiative of its own for one test, with a primary KPI on the dipping service and `secondaryKpis`. */
async function anInitiative(title: string, secondaryKpis: unknown[] = [], goLive?: string) {
  const created = await callStaffApi(pulse, "/api/v1/initiatives", {
    method: "POST",
    body: {
      title,
      source: "survey-feedback",
      category: "technology",
      services: [DIPPING_SERVICE],
      effort: 2,
      kpi: PRIMARY,
      secondaryKpis,
    },
  });
  const id = String(created.id);
  if (goLive) {
    for (const to of ["approved", "planned", "in-progress", "implemented"]) {
      const body = to === "implemented" ? { to, goLive } : { to };
      await callStaffApi(pulse, `/api/v1/initiatives/${id}/transitions`, { method: "POST", body });
    }
  }
  return id;
}

const ALL_SERVICES_KPI = {
  dimension: "all",
  value: "all",
  baseline: 0.7,
  target: 0.9,
  targetDate: "2027-12-31",
};

type KpiRow = KpiProgress;

async function kpisOf(id: string): Promise<KpiRow[]> {
  const answer = await callStaffApi(pulse, `/api/v1/initiatives/${id}/kpis`, { role: "analyst" });
  return answer.kpis as KpiRow[];
}

/** The first day of the days the KPI table reads for an initiative. */
async function windowFrom(id: string): Promise<string> {
  const answer = await callStaffApi(pulse, `/api/v1/initiatives/${id}/kpis`, { role: "analyst" });
  return (answer.window as { from: string }).from;
}

const say = (locale: Locale, key: MessageKey, values: Record<string, string | number> = {}) =>
  (locale === "pl" ? pl : en)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/** A signed-in page of a role at a screen size and language, on an initiative's screen, collecting errors. */
async function openInitiative(
  id: string,
  locale: Locale,
  viewport: { width: number; height: number },
  role: Role,
) {
  const context = await browser.newContext({ viewport, locale: locale === "pl" ? "pl-PL" : "en-GB" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${pulse.url}/app/`);
  await page.getByRole("button", { name: say(locale, "signInAs", { role: say(locale, role) }) }).click();
  await page
    .getByRole("link", { name: say(locale, "navBacklog"), includeHidden: true })
    .waitFor({ state: "attached" });
  await page.goto(`${pulse.url}/app/#/initiatives/${id}`);
  const panel = page.getByRole("region", { name: say(locale, "kpisTitle"), exact: true });
  await panel.locator("table.kpis tbody tr").first().waitFor();
  return { page, panel, errors, close: () => context.close() };
}

/** A go-live `days` ago, in the organisation's calendar. */
const goLiveDaysAgo = (days: number) =>
  localDay(new Date(Date.now() - days * 86_400_000), pulse.services.config.ORG_TIMEZONE);

/** A go-live thirty days ago, so that an impact verdict has both windows to read. */
const goLiveMonthAgo = () => goLiveDaysAgo(30);

/** The impact verdict's before and after rows as the panel shows them: csat, and the number of responses. */
async function impactFigures(id: string, locale: Locale): Promise<string[][]> {
  const impact = await callStaffApi(pulse, `/api/v1/initiatives/${id}/impact`, { role: "analyst" });
  const target = impact.target as Record<"before" | "after", { csat: number | null; n: number }>;
  const i18n = makeI18n(locale);
  return [target.before, target.after].map((side) => [i18n.percent(side.csat), String(side.n)]);
}

/** The before and after rows of the impact panel: csat, and the number of responses. */
const shownImpactFigures = async (impact: Locator) =>
  Promise.all(
    [1, 2].map(async (row) => {
      const cells = await impact.getByRole("row").nth(row).getByRole("cell").allTextContents();
      return [cells[0], cells[2]];
    }),
  );

/** The cells of the KPI table's row of a series, by the row header's text. */
const kpiCells = (panel: Locator, header: string) =>
  panel
    .locator("table.kpis tbody tr")
    .filter({ has: panel.page().getByRole("rowheader", { name: header, exact: true }) })
    .getByRole("cell");

/** How many responses the server's impact verdict of an initiative's KPI (0 the primary) counts before go-live. */
async function responsesBefore(id: string, kpi: number): Promise<string> {
  const impact = await callStaffApi(pulse, `/api/v1/initiatives/${id}/impact?kpi=${kpi}`, {
    role: "analyst",
  });
  const target = impact.target as { before: { n: number } };
  return String(target.before.n);
}

/** The body rows of the KPI table, each as its row header's text. */
const rowHeaders = (panel: Locator) => panel.locator("table.kpis tbody th[scope=row]").allTextContents();

const SIZES = [
  ["en", { width: 1366, height: 768 }],
  ["pl", { width: 390, height: 844 }],
] as const;

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("initiative-kpis"));
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const history = generateDemoHistory({ today, days: 60, perWeekday: 6 });
  await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
    emptyTable: true,
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.each(SIZES)("An initiative's KPIs (%s, %o)", (locale, viewport) => {
  const allServices = say(locale, "allServices");
  const service = `${say(locale, "dimService")}: ${DIPPING_SERVICE}`;
  const primaryMark = say(locale, "primaryKpi");

  it("lets a manager add a secondary KPI, shows it with its share of the goal achieved, and make it the primary one", async () => {
    const id = await anInitiative(`Secondary KPI ${locale}`);
    const { page, panel, errors, close } = await openInitiative(id, locale, viewport, "roleManager");
    expect(await rowHeaders(panel)).toEqual([`${service} ${primaryMark}`]);

    const form = panel.getByRole("form", { name: say(locale, "addSecondaryKpi") });
    await form.getByLabel(say(locale, "kpiDimension")).selectOption("all");
    await form.getByLabel(`${say(locale, "baseline")} (%)`).fill("70");
    await form.getByLabel(`${say(locale, "target")} (%)`).fill("90");
    await form.getByLabel(say(locale, "targetDate")).fill("2027-12-31");
    await form.getByRole("button", { name: say(locale, "addSecondaryKpi") }).click();

    const added = panel.getByRole("row").filter({ has: page.getByRole("rowheader", { name: allServices }) });
    await added.waitFor();
    // The share of the goal the server reads from the ratings: (csat − 70%) / (90% − 70%).
    const secondary = (await kpisOf(id)).find((row) => row.kpi.dimension === "all");
    expect(secondary?.primary).toBe(false);
    expect(secondary?.ofGoal).not.toBeNull();
    const ofGoal = makeI18n(locale).percent(secondary?.ofGoal, 0);
    expect(await added.getByRole("cell").nth(4).textContent()).toBe(ofGoal);
    expect(await rowHeaders(panel)).toEqual([`${service} ${primaryMark}`, allServices]);

    await added.getByRole("button", { name: say(locale, "makePrimaryOf", { kpi: allServices }) }).click();
    await expect.poll(() => rowHeaders(panel)).toEqual([`${allServices} ${primaryMark}`, service]);
    await page.reload();
    await panel.locator("table.kpis tbody tr").nth(1).waitFor();
    expect(await rowHeaders(panel)).toEqual([`${allServices} ${primaryMark}`, service]);
    // The old primary is now a secondary KPI, offered to be made primary again, or removed.
    await panel.getByRole("button", { name: say(locale, "makePrimaryOf", { kpi: service }) }).waitFor();
    const width = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect(width.content, "the page is wider than the screen").toBeLessThanOrEqual(width.viewport);
    await panel.getByRole("button", { name: say(locale, "removeKpi", { kpi: service }) }).click();
    await expect.poll(() => rowHeaders(panel)).toEqual([`${allServices} ${primaryMark}`]);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("refuses a secondary KPI on a series the initiative already reads, saying so beside the value", async () => {
    const id = await anInitiative(`Twice the same series ${locale}`);
    const { page, panel, errors, close } = await openInitiative(id, locale, viewport, "roleManager");
    const form = panel.getByRole("form", { name: say(locale, "addSecondaryKpi") });
    await form.getByLabel(say(locale, "kpiValue")).fill(DIPPING_SERVICE);
    await form.getByLabel(`${say(locale, "baseline")} (%)`).fill("70");
    await form.getByLabel(`${say(locale, "target")} (%)`).fill("80");
    await form.getByLabel(say(locale, "targetDate")).fill("2027-12-31");
    await form.getByRole("button", { name: say(locale, "addSecondaryKpi") }).click();

    const value = form.getByRole("combobox", { name: new RegExp(`^${say(locale, "kpiValue")}`) });
    await expect.poll(() => value.getAttribute("aria-invalid")).toBe("true");
    await form.getByText("is already a KPI of this initiative").waitFor();
    expect(await rowHeaders(panel)).toEqual([`${service} ${primaryMark}`]);

    expect(await axeViolations(page)).toEqual([]);
    // The browser logs the refused request itself; nothing else went wrong.
    expect(errors.filter((error) => !error.includes("400"))).toEqual([]);
    await close();
  });

  it("shows the impact verdict of the secondary KPI chosen, the primary one until then", async () => {
    const id = await anInitiative(
      `Impact of each KPI ${locale}`,
      [{ dimension: "all", value: "all", baseline: 0.7, target: 0.9, targetDate: "2027-12-31" }],
      goLiveMonthAgo(),
    );
    const { page, errors, close } = await openInitiative(id, locale, viewport, "roleAnalyst");
    const impact = page.getByRole("region", { name: say(locale, "impactTitle") });
    const beforeCount = impact.getByRole("row").nth(1).getByRole("cell").nth(2);
    const choice = page.getByLabel(say(locale, "kpiShown"));
    expect(await choice.locator("option").allTextContents()).toEqual([
      `${service} (${primaryMark})`,
      allServices,
    ]);
    const primaryCount = await responsesBefore(id, 0);
    const allCount = await responsesBefore(id, 1);
    await expect.poll(() => beforeCount.textContent()).toBe(primaryCount);
    // The whole organisation has more responses than one service: the choice shows in the figures.
    expect(Number(allCount)).toBeGreaterThan(Number(primaryCount));
    await choice.selectOption({ label: allServices });
    await expect.poll(() => beforeCount.textContent()).toBe(allCount);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("draws the KPI chosen in the trend chart, with its title, target and data table, and judges the impact of the same KPI", async () => {
    const goLive = goLiveMonthAgo();
    const id = await anInitiative(
      `Trend of each KPI ${locale}`,
      [{ dimension: "all", value: "all", baseline: 0.7, target: 0.9, targetDate: "2027-12-31" }],
      goLive,
    );
    const { page, errors, close } = await openInitiative(id, locale, viewport, "roleAnalyst");
    const i18n = makeI18n(locale);
    const trend = page.locator("section[aria-labelledby=kpi-title]");
    const heading = trend.getByRole("heading", { level: 2 });
    const table = trend.locator("details.table-alt table");
    const legend = trend.locator("ul.legend");
    const impact = page.getByRole("region", { name: say(locale, "impactTitle") });
    const beforeCount = impact.getByRole("row").nth(1).getByRole("cell").nth(2);
    // The chart reads the twelve weeks before go-live up to today, in the browser's calendar.
    const today = await page.evaluate(() => {
      const now = new Date();
      return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    });
    const from = new Date(`${goLive}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - 7 * 12);
    /** A series' weeks as the data table shows them: the csat and the number of responses. */
    const weeksOf = async (filter: string) => {
      const answer = await callStaffApi(
        pulse,
        `/api/v1/metrics/satisfaction?interval=week&from=${from.toISOString().slice(0, 10)}&to=${today}${filter}`,
        { role: "analyst" },
      );
      const buckets = answer.buckets as { csat: number | null; n: number }[];
      return buckets.map((bucket) => [i18n.percent(bucket.csat), String(bucket.n)]);
    };
    const tableWeeks = async () => {
      const rows = await table.locator("tbody tr").all();
      return Promise.all(
        rows.map(async (row) => {
          const cells = await row.getByRole("cell").allTextContents();
          return [cells[0], cells[2]];
        }),
      );
    };
    const primaryWeeks = await weeksOf(`&service=${encodeURIComponent(DIPPING_SERVICE)}`);
    const allWeeks = await weeksOf("");
    // The two series differ, so the table shows which one the chart draws.
    expect(allWeeks).not.toEqual(primaryWeeks);

    await expect
      .poll(() => heading.textContent())
      .toBe(`${say(locale, "kpiTrendTitle")}: CSAT · ${DIPPING_SERVICE}`);
    await trend.getByText(say(locale, "showTable")).click();
    await expect.poll(tableWeeks).toEqual(primaryWeeks);
    expect(await table.locator("caption").textContent()).toBe(
      `${say(locale, "kpiTrendTitle")}: ${DIPPING_SERVICE}`,
    );
    await legend.getByText(`${say(locale, "legendTarget")} ${i18n.percent(PRIMARY.target)}`).waitFor();
    await expect.poll(() => beforeCount.textContent()).toBe(await responsesBefore(id, 0));

    await page.getByLabel(say(locale, "kpiShown")).selectOption({ label: allServices });
    await expect
      .poll(() => heading.textContent())
      .toBe(`${say(locale, "kpiTrendTitle")}: CSAT · ${allServices}`);
    await expect.poll(tableWeeks).toEqual(allWeeks);
    expect(await table.locator("caption").textContent()).toBe(
      `${say(locale, "kpiTrendTitle")}: ${allServices}`,
    );
    await trend
      .getByText(
        `${say(locale, "baseline")} ${i18n.percent(0.7)} → ${say(locale, "target")} ${i18n.percent(0.9)}`,
      )
      .waitFor();
    await legend.getByText(`${say(locale, "legendTarget")} ${i18n.percent(0.9)}`).waitFor();
    expect(
      await legend.getByText(`${say(locale, "legendTarget")} ${i18n.percent(PRIMARY.target)}`).count(),
    ).toBe(0);
    // The impact panel follows the same choice, and says so.
    await impact.getByText(`${say(locale, "impactKpi")}: ${allServices}`).waitFor();
    await expect.poll(() => beforeCount.textContent()).toBe(await responsesBefore(id, 1));

    const width = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect(width.content, "the page is wider than the screen").toBeLessThanOrEqual(width.viewport);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("shows the new primary KPI's impact verdict once a manager makes a secondary KPI the primary", async () => {
    const id = await anInitiative(`Promoted KPI's impact ${locale}`, [ALL_SERVICES_KPI], goLiveMonthAgo());
    const { page, panel, errors, close } = await openInitiative(id, locale, viewport, "roleManager");
    const impact = page.getByRole("region", { name: say(locale, "impactTitle") });
    const before = await impactFigures(id, locale);
    await expect.poll(() => shownImpactFigures(impact), { timeout: 5_000 }).toEqual(before);

    await panel.getByRole("button", { name: say(locale, "makePrimaryOf", { kpi: allServices }) }).click();
    await expect.poll(() => rowHeaders(panel)).toEqual([`${allServices} ${primaryMark}`, service]);
    const after = await impactFigures(id, locale);
    // The whole organisation counts more responses before go-live than one service: the figures tell them apart.
    expect(after[0]).not.toEqual(before[0]);
    await impact.getByText(`${say(locale, "impactKpi")}: ${allServices} (${primaryMark})`).waitFor();
    await expect.poll(() => shownImpactFigures(impact), { timeout: 5_000 }).toEqual(after);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("says that the KPIs of an initiative live a few days are still settling, in place of a figure", async () => {
    const goLive = goLiveDaysAgo(3);
    const id = await anInitiative(`Settling KPIs ${locale}`, [ALL_SERVICES_KPI], goLive);
    const { panel, page, errors, close } = await openInitiative(id, locale, viewport, "roleAnalyst");
    const i18n = makeI18n(locale);
    // The default fourteen settling days after go-live count towards no KPI.
    const settling = say(locale, "kpiSettlingUntil", { date: i18n.date(addDays(goLive, 13)) });
    for (const header of [`${service} ${primaryMark}`, allServices]) {
      const cells = kpiCells(panel, header);
      await expect.poll(() => cells.nth(1).textContent()).toBe(settling);
      expect(await cells.nth(3).textContent()).toBe("–");
      expect(await cells.nth(4).textContent()).toBe("–");
    }
    expect((await kpisOf(id)).map((row) => row.current.n)).toEqual([0, 0]);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("says from which day the KPIs of an initiative live for twenty days count, with the figures of those days", async () => {
    const goLive = goLiveDaysAgo(20);
    const id = await anInitiative(`Recently live KPIs ${locale}`, [ALL_SERVICES_KPI], goLive);
    const { panel, page, errors, close } = await openInitiative(id, locale, viewport, "roleAnalyst");
    const i18n = makeI18n(locale);
    const rows = await kpisOf(id);
    const from = await windowFrom(id);
    // A week of one service's ratings is too few to judge, so no share of its goal is given.
    expect(rows[0]?.status).toBe("too-few-responses");
    expect(rows[0]?.ofGoal).toBeNull();
    for (const [header, row] of [
      [`${service} ${primaryMark}`, rows[0]],
      [allServices, rows[1]],
    ] as const) {
      if (!row) throw new Error(`no KPI row for ${header}`);
      expect(row.current.from > from, "the KPI counts from later than the table's window").toBe(true);
      const cells = kpiCells(panel, header);
      const current = [
        i18n.percent(row.current.csat),
        say(locale, "kpiCountedSince", { date: i18n.date(row.current.from) }),
        say(locale, "kpiResponses", { n: i18n.number(row.current.n) }),
        row.current.ci ? `${i18n.percent(row.current.ci.low)}–${i18n.percent(row.current.ci.high)}` : "",
      ].join("");
      await expect.poll(() => cells.nth(1).textContent()).toBe(current);
      expect(await cells.nth(4).textContent()).toBe(row.ofGoal === null ? "–" : i18n.percent(row.ofGoal, 0));
      expect(await cells.nth(5).textContent()).toBe(say(locale, STATUS_LABELS[row.status]));
    }

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("offers no add form once an initiative keeps the most secondary KPIs, and says how to add another", async () => {
    const full = Array.from({ length: MAX_SECONDARY_KPIS }, (_, index) => ({
      dimension: "agent",
      value: `Agent ${index + 1}`,
      baseline: 0.7,
      target: 0.8,
      targetDate: "2027-12-31",
    }));
    const id = await anInitiative(`Full of KPIs ${locale}`, full);
    const { page, panel, errors, close } = await openInitiative(id, locale, viewport, "roleManager");
    await panel.locator("table.kpis tbody tr").nth(MAX_SECONDARY_KPIS).waitFor();
    expect(await panel.getByRole("form").count()).toBe(0);
    await panel.getByText(say(locale, "secondaryKpisFull", { max: MAX_SECONDARY_KPIS })).waitFor();
    await panel
      .getByRole("button", { name: say(locale, "removeKpi", { kpi: `${say(locale, "dimAgent")}: Agent 1` }) })
      .click();
    await panel.getByRole("form", { name: say(locale, "addSecondaryKpi") }).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("shows an analyst every KPI but no way to change them", async () => {
    const id = await anInitiative(`Read-only KPIs ${locale}`, [
      { dimension: "all", value: "all", baseline: 0.7, target: 0.9, targetDate: "2027-12-31" },
    ]);
    const { page, panel, errors, close } = await openInitiative(id, locale, viewport, "roleAnalyst");
    await panel.locator("table.kpis tbody tr").nth(1).waitFor();
    expect(await rowHeaders(panel)).toEqual([`${service} ${primaryMark}`, allServices]);
    expect(await panel.getByRole("button").count()).toBe(0);
    expect(await panel.getByRole("form").count()).toBe(0);
    expect(await panel.getByRole("columnheader", { name: say(locale, "kpiOfGoal") }).count()).toBe(1);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});
