import {
  followUpPolicyFor,
  planFollowUpOnRating,
} from "../../functions/src/app/follow-ups/follow-up-on-rating.js";
import type { Services } from "../../functions/src/composition.js";
import { addDays } from "../../functions/src/domain/calendar.js";
import { transitionFollowUp } from "../../functions/src/domain/follow-ups/follow-up-case.js";
import type {
  InitiativeCategory,
  InitiativeSource,
  InitiativeStatus,
  KpiDimension,
} from "../../functions/src/domain/initiatives/fields.js";
import {
  createInitiative,
  formatInitiativeId,
  type InitiativeInput,
  type KpiInput,
} from "../../functions/src/domain/initiatives/initiative.js";
import type { Survey } from "../../functions/src/domain/survey.js";
import { DIPPING_SERVICE, seededRandom } from "./demo-data.js";

type Row = [
  title: string,
  service: string,
  category: InitiativeCategory,
  source: InitiativeSource,
  status: InitiativeStatus,
  effort: number,
  owner: string,
];

// Days are counted from the first day of the demo history (120 days); the Remote access dip runs days 45-80.
const REGISTER: Row[] = [
  [
    "Self-service VPN profile repair",
    DIPPING_SERVICE,
    "technology",
    "survey-feedback",
    "implemented",
    15,
    "Marek Szymański",
  ],
  [
    "VPN client auto-update after the certificate change",
    DIPPING_SERVICE,
    "technology",
    "incident-trend",
    "reviewed",
    8,
    "Marek Szymański",
  ],
  [
    "Status page for remote access outages",
    DIPPING_SERVICE,
    "process",
    "survey-feedback",
    "in-progress",
    12,
    "Anna Nowak",
  ],
  [
    "Proactive callbacks for reopened VPN tickets",
    DIPPING_SERVICE,
    "people",
    "survey-feedback",
    "approved",
    4,
    "Anna Nowak",
  ],
  [
    "Shared mailbox request form with approvals",
    "Email & calendar",
    "process",
    "staff-idea",
    "planned",
    6,
    "Katarzyna Wójcik",
  ],
  [
    "Calendar delegation how-to in the portal",
    "Email & calendar",
    "process",
    "survey-feedback",
    "proposed",
    2,
    "Katarzyna Wójcik",
  ],
  ["Distribution list clean-up", "Email & calendar", "process", "audit", "closed", 5, "Katarzyna Wójcik"],
  [
    "Spare laptop pool at each site",
    "Laptops & devices",
    "supplier",
    "survey-feedback",
    "in-progress",
    20,
    "Tomasz Kamiński",
  ],
  [
    "Battery health check before reissue",
    "Laptops & devices",
    "process",
    "problem",
    "implemented",
    3,
    "Tomasz Kamiński",
  ],
  [
    "Next-day replacement clause with the hardware vendor",
    "Laptops & devices",
    "supplier",
    "supplier-review",
    "approved",
    10,
    "Tomasz Kamiński",
  ],
  [
    "Docking station compatibility list",
    "Laptops & devices",
    "technology",
    "staff-idea",
    "proposed",
    2,
    "Łukasz Meyer",
  ],
  [
    "Self-service MFA device reset",
    "Identity & access",
    "technology",
    "survey-feedback",
    "planned",
    18,
    "Ewa Woźniak",
  ],
  [
    "Access request templates per role",
    "Identity & access",
    "process",
    "audit",
    "proposed",
    9,
    "Ewa Woźniak",
  ],
  [
    "Password expiry reminder emails",
    "Identity & access",
    "process",
    "incident-trend",
    "rejected",
    3,
    "Ewa Woźniak",
  ],
  [
    "Toner stock alerts from printers",
    "Printing",
    "technology",
    "incident-trend",
    "approved",
    5,
    "Lena Mazur",
  ],
  ["Managed print contract review", "Printing", "supplier", "supplier-review", "deferred", 12, "Lena Mazur"],
  ["Scan-to-email fix guide", "Printing", "process", "survey-feedback", "proposed", 1, "Lena Mazur"],
  [
    "SAP authorisation requests in one form",
    "Business applications",
    "process",
    "survey-feedback",
    "in-progress",
    14,
    "Paweł Górski",
  ],
  [
    "CRM release notes for the service desk",
    "Business applications",
    "people",
    "staff-idea",
    "proposed",
    2,
    "Paweł Górski",
  ],
  ["Reporting outage runbook", "Business applications", "process", "problem", "planned", 6, "Paweł Górski"],
  [
    "Knowledge article review cadence",
    "Email & calendar",
    "people",
    "audit",
    "proposed",
    4,
    "Agnieszka Dąbrowska",
  ],
  [
    "Plain-language resolution notes",
    DIPPING_SERVICE,
    "people",
    "survey-feedback",
    "proposed",
    3,
    "Agnieszka Dąbrowska",
  ],
  [
    "Weekend on-call for remote access",
    DIPPING_SERVICE,
    "people",
    "incident-trend",
    "deferred",
    25,
    "Marek Szymański",
  ],
  [
    "Chat channel for quick questions",
    "Identity & access",
    "technology",
    "staff-idea",
    "approved",
    8,
    "Olga Kowalczyk",
  ],
  [
    "Survey results in the team stand-up",
    "Laptops & devices",
    "people",
    "staff-idea",
    "closed",
    1,
    "Olga Kowalczyk",
  ],
];

const ORDER: readonly InitiativeStatus[] = [
  "proposed",
  "approved",
  "planned",
  "in-progress",
  "implemented",
  "reviewed",
  "closed",
];

/** The workflow dates and verdicts a register row in `status` carries, counted from the history's first day. */
function datesFor(
  status: InitiativeStatus,
  index: number,
  from: string,
  remoteAccessGoLive: boolean,
): Partial<InitiativeInput> {
  const day = (n: number) => addDays(from, n);
  const reached = (step: InitiativeStatus) => ORDER.indexOf(status) >= ORDER.indexOf(step);
  const raised = 20 + index * 2;
  const goLive = remoteAccessGoLive ? day(85) : day(Math.min(100, raised + 40));
  const dates: Partial<InitiativeInput> = { raisedAt: day(raised) };
  if (status === "rejected" || status === "deferred") {
    return {
      ...dates,
      statusReason:
        status === "rejected" ? "Covered by the identity platform upgrade" : "Waiting for next year's budget",
    };
  }
  if (reached("approved")) dates.approvedAt = day(raised + 5);
  if (reached("in-progress")) dates.startedAt = day(raised + 12);
  if (reached("implemented")) dates.implementedAt = goLive;
  if (reached("reviewed")) {
    dates.reviewedAt = day(Math.min(115, raised + 70));
    dates.benefitRealised = { outcome: "realised", reason: null };
  }
  if (reached("closed")) dates.closedAt = day(Math.min(118, raised + 75));
  return dates;
}

/**
 * The series besides its service that an initiative of the demo should also move, by title: the VPN repair the VPN
 * client tickets and the network team's ratings, the laptop pool the replacements and the hardware vendor's.
 */
const SECONDARY_KPIS: Record<
  string,
  Array<[dimension: KpiDimension, value: string, baseline: number, target: number]>
> = {
  "Self-service VPN profile repair": [
    ["category", "VPN client", 0.6, 0.85],
    ["assignmentGroup", "Network L2", 0.7, 0.86],
  ],
  "Spare laptop pool at each site": [
    ["category", "Replacement", 0.7, 0.86],
    ["supplier", "Dell Technologies", 0.66, 0.82],
  ],
};

function secondaryKpisOf(title: string, targetDate: string): KpiInput[] {
  return (SECONDARY_KPIS[title] ?? []).map(([dimension, value, baseline, target]) => ({
    dimension,
    value,
    baseline,
    target,
    targetDate,
  }));
}

/**
 * The demo register: 25 initiatives across the services and the workflow, among them the Remote access one that
 * went live (day 85) after the dip of days 45-80; and follow-up cases for the last 30 days' low ratings.
 */
export async function seedDemoRegister(
  services: Services,
  history: { surveys: Survey[]; from: string; to: string },
): Promise<{ initiatives: number; followUps: number }> {
  const now = new Date().toISOString();
  const initiatives = REGISTER.map(([title, service, category, source, status, effort, owner], index) => {
    // The first initiative is the Remote access one that went live after the dip, with a nearer, bolder goal.
    const targetDate = addDays(history.to, index === 0 ? 90 : 180);
    return createInitiative(
      {
        title,
        description: `${title}, raised from the ${service} satisfaction trend and its comments.`,
        source,
        services: [service],
        category,
        owner,
        effort,
        estimatedCost: effort * 600,
        expectedBenefit: `Fewer low ratings for ${service}.`,
        kpi: {
          dimension: "service",
          value: service,
          baseline: index === 0 ? 0.58 : 0.72,
          target: index === 0 ? 0.85 : 0.88,
          targetDate,
        },
        secondaryKpis: secondaryKpisOf(title, targetDate),
        status,
        ...datesFor(status, index, history.from, index === 0),
      },
      { id: formatInitiativeId(index + 1), actor: "demo", now },
    );
  });
  await services.initiatives.importAll(initiatives, "demo");
  await services.initiatives.allocateSequence(0, initiatives.length);

  const policy = await services.settings.getSurveyPolicy();
  const since = addDays(history.to, -30);
  const random = seededRandom(7);
  let followUps = 0;
  for (const survey of history.surveys) {
    const response = survey.response;
    if (!response?.score || survey.day < since) continue;
    const planned = planFollowUpOnRating({
      survey,
      existing: undefined,
      score: response.score,
      comment: response.comment,
      policy: followUpPolicyFor(policy.followUpThreshold),
      now: response.respondedAt,
    });
    if (!planned) continue;
    let record = planned.next;
    // Older cases have mostly been worked; the recent ones wait in the queue.
    if (Date.parse(response.respondedAt) < Date.now() - 7 * 86_400_000 && random.chance(0.7)) {
      const at = new Date(Date.parse(response.respondedAt) + 86_400_000).toISOString();
      record = {
        ...record,
        ...transitionFollowUp(record, "contacted", { actor: "demo", now: at, note: "Called the requester." }),
      };
      if (random.chance(0.8))
        record = { ...record, ...transitionFollowUp(record, "resolved", { actor: "demo", now: at }) };
    }
    if ((await services.followUps.save(record, undefined)) === "saved") followUps += 1;
  }
  return { initiatives: initiatives.length, followUps };
}
