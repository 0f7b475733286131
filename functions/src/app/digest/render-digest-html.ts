import type { GraveyardFlag } from "../../domain/initiatives/fields.js";
import { describeKpiSeries } from "../../domain/initiatives/initiative.js";
import { MIN_JUDGED_RESPONSES } from "../../domain/statistics/index.js";
import { escapeHtml } from "../mail/escape-html.js";
import type { DigestScore, MonthlyDigest } from "./build-monthly-digest.js";

const FONT = "font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2933;";
const TABLE = "border-collapse:collapse;width:100%;margin:0 0 24px 0;font-size:14px;";
const CAPTION = "text-align:left;font-weight:600;font-size:16px;padding:0 0 8px 0;";
const TH = "text-align:left;border-bottom:2px solid #9aa5b1;padding:6px 8px;";
const TD = "border-bottom:1px solid #e4e7eb;padding:6px 8px;vertical-align:top;";
const NUM = `${TD}text-align:right;font-variant-numeric:tabular-nums;`;
// Status is always written out in words; colour only repeats it.
const STATUS_STYLE: Record<string, string> = {
  "on-track": "color:#0b6b3a;font-weight:600;",
  "at-risk": "color:#8a5300;font-weight:600;",
  "off-track": "color:#a61b1b;font-weight:600;",
  "too-few-responses": "color:#52606d;",
  "no-data": "color:#52606d;",
};

/** A share as a percentage with one decimal, or a dash when there is none. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`;
}

/** A change in percentage points with its sign. */
export function points(value: number): string {
  const rounded = (value * 100).toFixed(1);
  return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${rounded.replace("-", "")} pp`;
}

const SIGNAL_WORDS: Record<MonthlyDigest["signals"][number]["type"], string> = {
  "beyond-limits": "outside the 3-sigma limits",
  "cusum-down": "sustained fall (CUSUM)",
  "cusum-up": "sustained rise (CUSUM)",
};

const GRAVEYARD_WORDS: Record<GraveyardFlag, string> = {
  "no-owner": "no owner",
  "no-target": "no KPI target",
  "review-overdue": "review overdue",
  stale: "no recent change",
};

const BASELINE_WORDS: Record<MonthlyDigest["signals"][number]["baseline"]["source"], string> = {
  requested: "chosen weeks",
  "before-range": "weeks before the month",
  "range-start": "the month's first weeks",
  "whole-range": "the month itself",
};

// A chart's own false-alarm rate, not the nominal one: with many services some signal is likely by chance alone.
function signalSections(digest: MonthlyDigest): string[] {
  const { charts, expectedFalseAlarms } = digest.signalCheck;
  const chance = `Of the ${charts} weekly charts read, about ${expectedFalseAlarms.toFixed(1)} would show a signal this month by chance alone if every series were stable.`;
  if (digest.signals.length === 0) {
    return [
      paragraph(
        `<strong>Control-chart signals:</strong> none this month; no weekly CSAT fell outside its 3-sigma limits and no CUSUM showed a sustained shift. ${charts > 0 ? chance : ""}`.trim(),
      ),
    ];
  }
  return [
    table(
      "Control-chart signals (weekly; 3-sigma limits and a two-sided CUSUM against each series' baseline, as in the app)",
      [
        "Series",
        "Week of",
        "Signal",
        "Week CSAT",
        "Centre line",
        "Limits",
        "Baseline",
        "Stable chart signals",
      ],
      digest.signals.map((signal) => [
        escapeHtml(signal.series),
        signal.weekStart,
        escapeHtml(SIGNAL_WORDS[signal.type]),
        percent(signal.csat),
        percent(signal.centre),
        `${percent(signal.lcl)} to ${percent(signal.ucl)}${signal.limits === "laney" ? " (p′)" : ""}`,
        escapeHtml(
          `${BASELINE_WORDS[signal.baseline.source]}${signal.baseline.from ? `, ${signal.baseline.from} to ${signal.baseline.to}` : ""}`,
        ),
        signal.falseAlarm
          ? `${percent(signal.falseAlarm.rate)} of ${signal.falseAlarm.runs.toLocaleString("en-GB")}`
          : "–",
      ]),
      [false, false, false, true, true, true, false, true],
    ),
    paragraph(
      `<strong>How often a stable series signals:</strong> the last column is the share of simulated stable charts of that series' length, weekly sizes and baseline that show at least one signal. ${chance}`,
    ),
  ];
}

function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

function table(caption: string, headers: string[], rows: string[][], numeric: boolean[]): string {
  const head = headers
    .map(
      (header, index) =>
        `<th scope="col" style="${TH}${numeric[index] ? "text-align:right;" : ""}">${escapeHtml(header)}</th>`,
    )
    .join("");
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells
          .map((cell, index) =>
            index === 0
              ? `<th scope="row" style="${TD}font-weight:normal;">${cell}</th>`
              : `<td style="${numeric[index] ? NUM : TD}">${cell}</td>`,
          )
          .join("")}</tr>`,
    )
    .join("");
  return `<table role="table" style="${TABLE}"><caption style="${CAPTION}">${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function statusWords(status: string): string {
  return `<span style="${STATUS_STYLE[status] ?? ""}">${escapeHtml(status.replaceAll("-", " "))}</span>`;
}

/** One row per KPI of each listed initiative: the initiative named on its primary KPI's row. */
function kpiSection(kpis: NonNullable<MonthlyDigest["portfolio"]>["kpis"]): string[] {
  if (kpis.total === 0) return [];
  const rows = kpis.initiatives.flatMap((initiative) =>
    initiative.progress.map((row) => [
      row.primary ? `${escapeHtml(initiative.id)} ${escapeHtml(initiative.title)}` : "",
      `${escapeHtml(describeKpiSeries(row.kpi))}${row.primary ? " (primary)" : ""}`,
      percent(row.kpi.baseline),
      `${row.current.csat === null ? "–" : `${percent(row.current.csat)} (n ${row.current.n})`}${
        row.current.from > kpis.window.from ? ` since ${escapeHtml(row.current.from)}` : ""
      }`,
      `${percent(row.kpi.target)} by ${escapeHtml(row.kpi.targetDate)}`,
      row.ofGoal === null ? "–" : `${Math.round(row.ofGoal * 100)}%`,
      statusWords(row.status),
    ]),
  );
  const more =
    kpis.total > kpis.initiatives.length
      ? [
          paragraph(
            `${kpis.total - kpis.initiatives.length} more initiatives live in the month are not listed.`,
          ),
        ]
      : [];
  return [
    table(
      `KPIs of initiatives live in the month (${kpis.window.from} to ${kpis.window.to})`,
      ["Initiative", "KPI", "Baseline", "CSAT now", "Target", "Goal achieved", "Status"],
      rows,
      [false, false, true, true, false, true, false],
    ),
    paragraph(
      `CSAT now is the last ${kpis.window.days} days through the month's end, or only the days since a KPI's settling period after go-live ended, when that is later. Goal achieved is the share of the planned rise from baseline to target made so far (100% is the goal reached; below 0% a fall); none is given below ${MIN_JUDGED_RESPONSES} responses, or for a KPI to hold rather than raise.`,
    ),
    ...more,
  ];
}

function scoreRow(score: DigestScore): string[] {
  const status = score.status ?? "no-data";
  return [
    escapeHtml(score.name),
    String(score.n),
    percent(score.csat),
    score.ci ? `${percent(score.ci.low)} – ${percent(score.ci.high)}` : "–",
    score.target === null
      ? "none"
      : `${percent(score.target)}${score.targetSource === "overall" ? " (overall)" : ""}`,
    score.status === null ? "–" : statusWords(status),
    percent(score.previous.csat),
    score.change
      ? `${points(score.change.difference)}${score.change.significant ? " (significant)" : ""}`
      : "–",
  ];
}

function paragraph(text: string): string {
  return `<p style="margin:0 0 16px 0;font-size:14px;">${text}</p>`;
}

/** The digest as a self-contained HTML page: inline styles, captioned tables with header cells, no external assets. */
export function renderDigestHtml(digest: MonthlyDigest, organisationName: string): string {
  const title = `Satisfaction digest, ${monthName(digest.month)}${digest.provisional ? " (provisional)" : ""}`;
  const scoreHeaders = [
    "Scope",
    "Responses",
    "CSAT",
    "95% interval",
    "Target",
    "Status",
    "Previous month",
    "Change",
  ];
  const scoreNumeric = [false, true, true, true, true, false, true, true];
  const sections: string[] = [
    `<h1 style="font-size:22px;margin:0 0 4px 0;">${escapeHtml(title)}</h1>`,
    ...(digest.provisional
      ? [
          paragraph(
            `<strong>Provisional:</strong> tickets resolved late in the month can still be rated until ${digest.collectingUntil}, so these figures may change.`,
          ),
        ]
      : []),
    paragraph(
      `${escapeHtml(organisationName)} · ${digest.from} to ${digest.to}. CSAT is the share of ratings of 4 or 5. A status is judged with the 95% interval: <em>at risk</em> means below target but within noise of it; a scope with fewer than ${MIN_JUDGED_RESPONSES} responses has <em>too few responses</em> to judge. Changes are in percentage points (pp); <em>significant</em> is Holm-adjusted across the organisation and every team and value, as the movers are.`,
    ),
    table(
      "Overall and by service",
      scoreHeaders,
      [scoreRow(digest.overall), ...digest.services.map(scoreRow)],
      scoreNumeric,
    ),
  ];

  sections.push(
    digest.movers.length === 0
      ? paragraph(
          "<strong>Largest movers:</strong> no change against the previous month survives the adjustment for testing every team and value at once.",
        )
      : table(
          "Largest significant movers against the previous month",
          ["Who", "Dimension", "Previous", "This month", "Change", "95% interval"],
          digest.movers.map((mover) => [
            escapeHtml(mover.value),
            escapeHtml(mover.dimension),
            `${percent(mover.previous.csat)} (n=${mover.previous.n})`,
            `${percent(mover.current.csat)} (n=${mover.current.n})`,
            points(mover.difference),
            `${points(mover.low)} to ${points(mover.high)}`,
          ]),
          [false, false, true, true, true, true],
        ),
  );

  sections.push(...signalSections(digest));

  if (digest.portfolio && digest.portfolio.byStatus.length === 0) {
    sections.push(
      paragraph("<strong>Initiative portfolio:</strong> the CSI register holds no initiatives yet."),
    );
  } else if (digest.portfolio) {
    sections.push(
      table(
        "Initiative portfolio by status",
        ["Status", "Initiatives", "Estimated cost", "Without estimate"],
        digest.portfolio.byStatus.map((row) => [
          escapeHtml(row.status),
          String(row.count),
          row.estimatedCost.toLocaleString("en-GB"),
          String(row.withoutCost),
        ]),
        [false, true, true, true],
      ),
      paragraph(
        `<strong>Benefits reviewed:</strong> ${digest.portfolio.benefits
          .map((row) => `${escapeHtml(row.outcome.replace("-", " "))} ${row.count}`)
          .join(", ")}.`,
      ),
    );
    const graveyard = digest.portfolio.graveyard;
    sections.push(
      paragraph(
        `<strong>Neglected initiatives</strong> (as of ${escapeHtml(graveyard.asOf)}): ` +
          `${graveyard.flaggedCount} of ${graveyard.watched} open or on hold carry a warning; ` +
          `${graveyard.counts.map((row) => `${GRAVEYARD_WORDS[row.flag]} ${row.count}`).join(", ")} ` +
          `(no recent change: none for over ${graveyard.staleAfterDays} days).`,
      ),
    );
    if (graveyard.flagged.length > 0) {
      sections.push(
        table(
          "Initiatives showing signs of neglect",
          ["Initiative", "Title", "Warnings"],
          graveyard.flagged.map((row) => [
            escapeHtml(row.id),
            escapeHtml(row.title),
            row.flags.map((flag) => GRAVEYARD_WORDS[flag]).join(", "),
          ]),
          [false, false, false],
        ),
      );
    }
    sections.push(...kpiSection(digest.portfolio.kpis));
    if (digest.portfolio.recent.length > 0) {
      sections.push(
        table(
          "Went live or reviewed this month",
          ["Initiative", "Title", "Status", "Go-live", "Benefit"],
          digest.portfolio.recent.map((row) => [
            escapeHtml(row.id),
            escapeHtml(row.title),
            escapeHtml(row.status),
            escapeHtml(row.implementedAt ?? "–"),
            escapeHtml(row.benefit ?? "not reviewed"),
          ]),
          [false, false, false, false, false],
        ),
      );
    }
  }

  sections.push(
    digest.themes.top.length === 0
      ? paragraph("<strong>Themes:</strong> no recurring theme in this month's comments.")
      : table(
          `Top themes in ${digest.themes.comments} comments (unhappy ones first)`,
          ["Theme", "Comments", `Scores ${digest.themes.lowScoreAtMost} or lower`, "Example"],
          digest.themes.top.map((theme) => [
            escapeHtml(theme.label),
            String(theme.count),
            percent(theme.lowShare),
            `<q>${escapeHtml(theme.sample[0] ?? "")}</q>`,
          ]),
          [false, true, true, false],
        ),
  );
  const baseline = digest.themes.baseline;
  sections.push(
    paragraph(
      digest.themes.growing.length > 0
        ? `<strong>Growing themes</strong> (share of comments against ${escapeHtml(baseline.from)} to ${escapeHtml(baseline.to)}; ${baseline.tested} themes tested, false-discovery rate 5%): ${digest.themes.growing
            .map(
              (row) =>
                `${escapeHtml(row.label)} (${percent(row.previousShare)} → ${percent(row.currentShare)}, ${points(row.growth)}, adjusted p ${row.adjustedPValue.toFixed(3)})`,
            )
            .join(", ")}.`
        : `<strong>Growing themes:</strong> none of the ${baseline.tested} themes tested grew beyond chance against ${escapeHtml(baseline.from)} to ${escapeHtml(baseline.to)} (false-discovery rate 5%).`,
    ),
  );
  if (digest.themes.reasons.length > 0) {
    sections.push(
      paragraph(
        `<strong>Reasons requesters chose:</strong> ${digest.themes.reasons
          .map((row) => `${escapeHtml(row.reason)} ${row.count} (${percent(row.lowShare)} low scores)`)
          .join(", ")}.`,
      ),
    );
  }

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="margin:0;padding:24px;background:#ffffff;${FONT}"><main style="max-width:880px;margin:0 auto;">${sections.join("")}</main></body></html>`;
}
