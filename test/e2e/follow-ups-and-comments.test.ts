import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDynamoFollowUpRepository } from "../../functions/src/adapters/dynamo/follow-up-repository.js";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import type { FollowUpRecord } from "../../functions/src/app/ports.js";
import { addDays, localDay } from "../../functions/src/domain/calendar.js";
import { openFollowUpCase } from "../../functions/src/domain/follow-ups/follow-up-case.js";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { generateDemoHistory } from "../../infra/local/demo-data.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { startStaffAppServer } from "../helpers/staff-app-server.js";

let pulse: LocalPulse;
let browser: Browser;
let page: Page;
let dataDir: string;
const problems: string[] = [];
// The month whose reason tags the comments screen is asked for, and how often each tag was chosen in it.
let month = "";
let reasonCounts: Map<string, number>;

/** A low-rated case past its deadline, for a ticket with a link back to the ITSM tool. */
function anOverdueCase(id: string, ticketId: string): FollowUpRecord {
  const opened = openFollowUpCase(
    {
      id,
      responseId: id,
      rating: 1,
      ticketId,
      service: "Remote access",
      ownerGroup: "Network L2",
      comment: "VPN",
    },
    { now: new Date(Date.now() - 10 * 86_400_000).toISOString() },
  );
  return {
    ...opened,
    requesterName: "Anna Nowak",
    requesterEmail: `${id}@example.com`,
    ticketTitle: `VPN drops (${ticketId})`,
    ticketUrl: `https://itsm.example.com/incident/${ticketId}`,
  };
}

beforeAll(async () => {
  ({ pulse, dataDir } = await startStaffAppServer("follow-ups-comments"));
  const { db, config } = pulse.services;
  const today = localDay(new Date(), config.ORG_TIMEZONE);
  // Last month, closed to new responses, so its themes and tags are computed once from what is seeded here.
  month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const history = generateDemoHistory({ today, days: 90, perWeekday: 6 });
  reasonCounts = new Map();
  const surveys = history.surveys.map((survey, index) => {
    const score = survey.response?.score;
    if (!survey.response || score === undefined || index % 3 !== 0) return survey;
    const reasons = score <= 3 ? ["reopened", "slow"] : ["fast"];
    if (survey.day.startsWith(month)) {
      for (const reason of reasons) reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
    }
    return { ...survey, response: { ...survey.response, reasons } };
  });
  await makeHistoryImporter(db, config.TABLE_NAME)(surveys, { emptyTable: true });
  const followUps = makeDynamoFollowUpRepository(db, config.TABLE_NAME);
  for (const [id, ticketId] of [
    ["case-one", "INC0000101"],
    ["case-two", "INC0000102"],
  ] as const) {
    expect(await followUps.save(anOverdueCase(id, ticketId), undefined)).toBe("saved");
  }

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "en-GB" });
  page.setDefaultTimeout(10_000);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
  await page.goto(`${pulse.url}/app/`);
  await page.getByRole("button", { name: "Sign in as manager" }).click();
  await page.getByRole("link", { name: "Follow-ups", exact: true }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Works one overdue case through contact and resolution with the keyboard, checking the case and the queue. */
async function workCase(ticketId: string, words: { contacted: string; resolved: string; overdue: string }) {
  const queue = page.locator("section[aria-labelledby=queue-title]");
  const row = queue.getByRole("row").filter({ hasText: ticketId });
  await expect.poll(() => row.getByText(words.overdue, { exact: true }).count()).toBe(1);
  await row.getByRole("link", { name: ticketId, exact: true }).click();
  const detail = page.locator("section[aria-labelledby=case-title]");
  await detail.getByRole("heading", { name: new RegExp(ticketId) }).waitFor();

  const note = detail.locator("textarea[name=note]");
  await note.focus();
  await page.keyboard.type(`Called about ${ticketId}`);
  await detail.getByRole("button", { name: words.contacted }).focus();
  await page.keyboard.press("Enter");

  await detail.getByText(`Called about ${ticketId}`).waitFor();
  expect(await note.inputValue()).toBe("");
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("case-title");
  // Contacted in time for the requester: the queue beside the case says so, and no longer calls it overdue.
  await expect.poll(() => row.getByText(words.overdue, { exact: true }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);

  await detail.getByRole("button", { name: words.resolved }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => detail.locator("textarea[name=note]").count()).toBe(0);
  expect(await detail.getByText(`Called about ${ticketId}`).count()).toBe(1);
  await expect.poll(() => row.count()).toBe(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("case-title");
  expect(await axeViolations(page)).toEqual([]);
}

describe("Working follow-up cases and reading the reasons requesters chose", () => {
  it("shows a case's requester address and the link back to its ticket", async () => {
    await page.getByRole("link", { name: "Follow-ups", exact: true }).click();
    await page.getByRole("link", { name: "INC0000101", exact: true }).click();
    const detail = page.locator("section[aria-labelledby=case-title]");

    await detail.getByRole("link", { name: "case-one@example.com" }).waitFor();
    const ticket = detail.getByRole("link", { name: "Open INC0000101 in the service desk tool" });
    expect(await ticket.getAttribute("href")).toBe("https://itsm.example.com/incident/INC0000101");
    expect(await detail.getByText("VPN drops (INC0000101)").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/follow-ups-case.png", fullPage: true });
  });

  it("posts a note once, refreshes the queue and moves focus to the case, twice in a row, in English and Polish", async () => {
    await page.getByRole("link", { name: "Follow-ups", exact: true }).click();
    await workCase("INC0000101", { contacted: "Mark contacted", resolved: "Resolve", overdue: "Overdue" });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("header select").selectOption("pl");
    // On a phone the navigation folds behind the menu button: the link is there, not shown.
    await page.getByRole("link", { name: "Rejestr CSI", includeHidden: true }).waitFor({ state: "attached" });
    await workCase("INC0000102", {
      contacted: "Oznacz kontakt",
      resolved: "Zamknij sprawę",
      overdue: "Po terminie",
    });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator("header select").selectOption("en");
    await page.getByRole("link", { name: "CSI backlog" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("counts the reason tags requesters chose in the period beside the themes, in both languages", async () => {
    const [year, monthNumber] = month.split("-").map(Number) as [number, number];
    const last = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
    await page.goto(`${pulse.url}/app/#/comments?from=${month}-01&to=${last}`);
    const themes = page.locator("section[aria-labelledby=themes-title]");
    expect(reasonCounts.get("reopened")).toBeGreaterThan(0);

    for (const locale of ["en", "pl"] as const) {
      if (locale === "pl") await page.locator("header select").selectOption("pl");
      for (const [reason, count] of reasonCounts) {
        const label = messagesFor(locale).reasons[reason as "reopened" | "slow" | "fast"];
        const row = themes.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label }) });
        await expect.poll(() => row.locator("td").first().textContent()).toBe(String(count));
      }
      // Each comment in the list carries the tags its requester chose.
      const tagged = page.locator("section[aria-labelledby=comments-list-title] ul.chips");
      await expect.poll(() => tagged.count()).toBeGreaterThan(0);
      const labels = [...reasonCounts.keys()].map(
        (reason) => messagesFor(locale).reasons[reason as "reopened" | "slow" | "fast"],
      );
      for (const text of await tagged.locator("li").allTextContents()) expect(labels).toContain(text);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/comments-reasons-${locale}.png`, fullPage: true });
    }
    await page.locator("header select").selectOption("en");
    expect(problems).toEqual([]);
  });
});
