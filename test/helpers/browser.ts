import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium, headless, with the flags that keep it off the network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now. Text drawn in its own background's colour is
 * reported too: axe leaves that to a person to review (it may be hidden on purpose), but no text in Pulse is.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's own CSP (no inline script) does not block it; once per
  // document, as a hash route keeps the document and axe with it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    interface AxeResult {
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{
        target: string[];
        failureSummary?: string;
        any: Array<{ data?: { messageKey?: string } }>;
      }>;
    }
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: unknown,
          ) => Promise<{ violations: AxeResult[]; incomplete: AxeResult[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      // Only violations and what needs review are reported, so axe need not gather every rule that passed.
      resultTypes: ["violations", "incomplete"],
    });
    const invisible = result.incomplete
      .filter((rule) => rule.id === "color-contrast")
      .map((rule) => ({
        ...rule,
        help: "Text must not be drawn in the colour of its background",
        nodes: rule.nodes.filter((node) => node.any.some((check) => check.data?.messageKey === "equalRatio")),
      }))
      .filter((rule) => rule.nodes.length > 0);
    return [...result.violations, ...invisible].map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
}
