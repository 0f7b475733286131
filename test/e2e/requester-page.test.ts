import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { type LocalPulse, startLocal } from "../../infra/local/server.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { aResolvedTicket, signedHeaders } from "../helpers/intake.js";
import { drainBeforeReading, readOutbox, scoreLink } from "../helpers/outbox.js";
import { localEndpoint } from "../helpers/test-services.js";

let pulse: LocalPulse;
let browser: Browser;
let outbox: string;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "pulse-e2e-"));
  outbox = join(dataDir, "outbox");
  pulse = await startLocal({
    port: 0,
    dataDir,
    dynamoEndpoint: localEndpoint(),
    tableName: `pulse-e2e-${randomBytes(4).toString("hex")}`,
    // The default scanner window (30 s): wide enough that a burst still counts as one on a slow, loaded machine.
    env: { OUTBOX_DIR: outbox, HELP_CONTACT: "help@example.com" },
  });
  drainBeforeReading(outbox, pulse.services.mailQueue.drain);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await pulse?.stop();
});

/** Reports a resolved ticket over HTTP and returns the links of the invitation it caused. */
async function invite(locale: "pl" | "en") {
  const ticket = aResolvedTicket({
    requester: { email: `${randomBytes(4).toString("hex")}@example.com`, name: "Ola", locale },
  });
  const body = JSON.stringify(ticket);
  const response = await fetch(`${pulse.url}/api/v1/tickets/resolved`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signedHeaders(body, pulse.secrets.intakeSecret),
    },
    body,
  });
  const { surveyId } = (await response.json()) as { surveyId: string };
  const mails = await readOutbox(outbox);
  const mail = mails.find((candidate) => candidate.headers.get("x-pulse-survey") === surveyId);
  if (!mail) throw new Error("no invitation for the survey");
  return {
    surveyId,
    link: (score: number) => scoreLink(mail, score).href.replace("http://localhost", "http://127.0.0.1"),
  };
}

async function recordedScore(surveyId: string) {
  return (await pulse.services.surveys.getSurvey(surveyId))?.response?.score;
}

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  // A deadline for what the user would see, not a speed requirement: generous, so a loaded machine still gets there.
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

describe("The requester's page in a real browser", () => {
  it("records the score from the email link by itself once the page has been visible, without a second click", async () => {
    const { surveyId, link } = await invite("en");
    const page = await browser.newPage();
    await page.goto(link(4));
    expect(await recordedScore(surveyId)).toBeUndefined();
    expect(
      await eventually(
        () => recordedScore(surveyId),
        (score) => score === 4,
      ),
    ).toBe(4);
    await page
      .getByRole("status")
      .filter({ hasText: /recorded/i })
      .first()
      .waitFor();
    await page.close();
  });

  it("records with one button when script is off", async () => {
    const { surveyId, link } = await invite("pl");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link(2));
    await page.waitForTimeout(1500);
    expect(await recordedScore(surveyId)).toBeUndefined();
    await page.click("#confirm-button");
    await page.waitForLoadState();
    expect(await recordedScore(surveyId)).toBe(2);
    await context.close();
  });

  it("keeps the requester's choice rather than a mail scanner's burst across every link", async () => {
    const { surveyId, link } = await invite("en");
    const scanner = await browser.newContext();
    // A scanner opening all five links at once, each page confirming its own score after the delay.
    const scannerPages = await Promise.all(
      [1, 2, 3, 4, 5].map(async (score) => {
        const page = await scanner.newPage();
        await page.goto(link(score));
        return page;
      }),
    );
    // Each page says how its automatic confirmation went once the server has answered it.
    await Promise.all(
      scannerPages.map((page) =>
        page.waitForFunction(
          () => (document.getElementById("status")?.textContent ?? "").trim() !== "",
          null,
          {
            timeout: 60_000,
          },
        ),
      ),
    );
    expect(await recordedScore(surveyId)).toBeUndefined();
    await scanner.close();
    // The requester comes later and confirms the one they mean.
    const page = await browser.newPage();
    await page.goto(link(3));
    await page.click("#confirm-button");
    expect(
      await eventually(
        () => recordedScore(surveyId),
        (score) => score === 3,
      ),
    ).toBe(3);
    await page.close();
  });

  it.each(["pl", "en"] as const)(
    "has no WCAG 2.1 AA violations in %s, before and after rating",
    async (locale) => {
      const { link } = await invite(locale);
      const page = await browser.newPage();
      await page.goto(link(5));
      expect(await page.getAttribute("html", "lang")).toBe(locale);
      expect(await axeViolations(page)).toEqual([]);
      await page.click("#confirm-button");
      await page.getByRole("status").filter({ hasText: /\S/ }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it("confirms a save on a phone where the requester pressed the button, and says so to screen readers", async () => {
    const { surveyId, link } = await invite("pl");
    const saved = messagesFor("pl").survey.saved;
    const viewport = { width: 375, height: 667 };
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link(2));
    await page.click("#confirm-button");
    await page.getByRole("status").filter({ hasText: saved }).waitFor();
    expect(await page.textContent("#confirm-button")).toBe(messagesFor("pl").survey.saveChanges);

    await page.fill("#comment", "VPN nadal się rozłącza co godzinę.");
    await page.click("#confirm-button");
    const confirmation = page.getByRole("status").filter({ hasText: saved });
    await confirmation.waitFor();
    expect(
      await eventually(
        async () => (await pulse.services.surveys.getSurvey(surveyId))?.response?.comment,
        (comment) => comment !== undefined,
      ),
    ).toBe("VPN nadal się rozłącza co godzinę.");
    const box = await confirmation.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(viewport.height);
    expect(await confirmation.getAttribute("aria-live")).toBe("polite");
    await context.close();
  });

  it("shows friendly pages for an unknown link, in the browser's language", async () => {
    const context = await browser.newContext({ locale: "pl-PL" });
    const page = await context.newPage();
    const response = await page.goto(`${pulse.url.replace("localhost", "127.0.0.1")}/s/${"A".repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute("html", "lang")).toBe("pl");
    expect(await axeViolations(page)).toEqual([]);
    await page.click("#language-switch");
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe(messagesFor("en").status.notFound.title);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
