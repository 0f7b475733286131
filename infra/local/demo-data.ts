import { trendShard } from "../../functions/src/adapters/dynamo/trend-shards.js";
import { addDays, isWeekend } from "../../functions/src/domain/calendar.js";
import { type SeriesRef, seriesFor } from "../../functions/src/domain/dimensions.js";
import {
  dimensionsOf,
  type ResolvedTicket,
  type Score,
  type SkipReason,
  type Survey,
} from "../../functions/src/domain/survey.js";

/** A small, seeded generator (mulberry32), so the demo organisation is the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(p: number) {
      return next() < p;
    },
  };
}

interface DemoService {
  name: string;
  weight: number;
  csat: number;
  categories: string[];
  group: string;
  agents: string[];
  /** The outside supplier that works this service's tickets of some categories, once past the first line. */
  supplier?: { name: string; categories: string[] };
  topics: { pl: string[]; en: string[] };
}

export const DEMO_SERVICES: DemoService[] = [
  {
    name: "Remote access",
    weight: 0.18,
    csat: 0.86,
    categories: ["Network", "VPN client"],
    group: "Network L2",
    agents: ["jkowalski", "mwisniewska", "tnowak"],
    supplier: { name: "Orange Polska", categories: ["Network"] },
    topics: { pl: ["VPN", "połączenie", "zdalny dostęp"], en: ["VPN", "connection", "remote access"] },
  },
  {
    name: "Email & calendar",
    weight: 0.2,
    csat: 0.9,
    categories: ["Mailbox", "Calendar", "Distribution lists"],
    group: "Workplace L2",
    agents: ["akaminska", "pzielinski", "jkowalski"],
    topics: { pl: ["skrzynka", "kalendarz", "poczta"], en: ["mailbox", "calendar", "email"] },
  },
  {
    name: "Laptops & devices",
    weight: 0.22,
    csat: 0.84,
    categories: ["Hardware", "Peripherals", "Replacement"],
    group: "Field Services",
    agents: ["kwojcik", "lmazur", "rkrawczyk"],
    supplier: { name: "Dell Technologies", categories: ["Hardware", "Replacement"] },
    topics: { pl: ["laptop", "bateria", "monitor"], en: ["laptop", "battery", "monitor"] },
  },
  {
    name: "Identity & access",
    weight: 0.18,
    csat: 0.88,
    categories: ["Password reset", "Access request", "MFA"],
    group: "IAM Team",
    agents: ["ewozniak", "mdudek", "akaminska"],
    topics: { pl: ["hasło", "uprawnienia", "konto"], en: ["password", "access", "account"] },
  },
  {
    name: "Printing",
    weight: 0.1,
    csat: 0.78,
    categories: ["Printer fault", "Toner", "Scanning"],
    group: "Field Services",
    agents: ["lmazur", "rkrawczyk"],
    supplier: { name: "Konica Minolta Serwis", categories: ["Printer fault", "Toner", "Scanning"] },
    topics: { pl: ["drukarka", "toner", "skaner"], en: ["printer", "toner", "scanner"] },
  },
  {
    name: "Business applications",
    weight: 0.12,
    csat: 0.8,
    categories: ["SAP", "CRM", "Reporting"],
    group: "Application Support",
    agents: ["pgorski", "bsikora", "tnowak"],
    supplier: { name: "Asseco Poland", categories: ["SAP"] },
    topics: { pl: ["SAP", "raport", "aplikacja"], en: ["SAP", "report", "application"] },
  },
];

/** The service whose satisfaction dips and recovers in the demo, and the days (from the start) of the dip. */
export const DIPPING_SERVICE = "Remote access";
const DIP = { from: 45, to: 80, csat: 0.58 };

const COMMENTS = {
  pl: {
    good: [
      "Szybko i sprawnie, dziękuję!",
      "Problem z {t} rozwiązany od ręki.",
      "Bardzo miła obsługa, wszystko wyjaśnione.",
      "Sprawa z {t} załatwiona w kilka minut.",
      "Świetna komunikacja, dziękuję za pomoc.",
    ],
    bad: [
      "Długo czekałem na odpowiedź w sprawie {t}.",
      "{T} nadal nie działa po zamknięciu zgłoszenia.",
      "Musiałem kilka razy przypominać o zgłoszeniu.",
      "Nikt nie poinformował mnie o postępach.",
      "Problem z {t} wraca co kilka dni.",
      "Zgłoszenie zamknięte, a {t} nie działa.",
    ],
  },
  en: {
    good: [
      "Quick and friendly, thank you!",
      "The {t} issue was fixed straight away.",
      "Great communication throughout.",
      "Solved first time, much appreciated.",
    ],
    bad: [
      "Took far too long to get the {t} sorted.",
      "The {t} still does not work after the ticket was closed.",
      "I had to chase the ticket several times.",
      "No updates while waiting.",
      "The {t} problem keeps coming back.",
    ],
  },
};

const REQUESTERS = [
  "anna.nowak",
  "piotr.lewandowski",
  "katarzyna.wojcik",
  "tomasz.kaminski",
  "magdalena.zielinska",
  "john.smith",
  "emma.brown",
  "marek.szymanski",
  "agnieszka.dabrowska",
  "lukas.meyer",
  "olga.kowalczyk",
  "pawel.jankowski",
];

export interface DemoHistory {
  surveys: Survey[];
  from: string;
  to: string;
}

function scoreFor(random: ReturnType<typeof seededRandom>, csat: number): Score {
  if (random.chance(csat)) return random.chance(0.62) ? 5 : 4;
  const r = random.next();
  return r < 0.3 ? 1 : r < 0.6 ? 2 : 3;
}

/**
 * A demo organisation's last `days` days: weekday-heavy volume, six services, one that dips and recovers, Polish and
 * English comments, skipped and unanswered invitations.
 */
export function generateDemoHistory(options: {
  today: string;
  days?: number;
  seed?: number;
  perWeekday?: number;
}): DemoHistory {
  const days = options.days ?? 120;
  const random = seededRandom(options.seed ?? 2026);
  const from = addDays(options.today, -days);
  const surveys: Survey[] = [];
  let sequence = 0;
  let surveyNumber = 0;
  for (let offset = 0; offset < days; offset++) {
    const day = addDays(from, offset);
    let dayFirst: string | undefined;
    const volume = Math.round(
      (options.perWeekday ?? 34) * (isWeekend(day) ? 0.12 : 0.85 + random.next() * 0.3),
    );
    for (let i = 0; i < volume; i++) {
      sequence += 1;
      const service = pickWeighted(random, DEMO_SERVICES);
      const locale = random.chance(0.7) ? "pl" : "en";
      const requester = random.pick(REQUESTERS);
      const hour = 7 + Math.floor(random.next() * 10);
      const resolvedAt = `${day}T${String(hour).padStart(2, "0")}:${String(Math.floor(random.next() * 60)).padStart(2, "0")}:00Z`;
      const slaBreached = random.chance(0.08);
      const title = `${random.pick(service.categories)}: ${random.pick(service.topics[locale])}`;
      const category = random.pick(service.categories);
      const assignmentGroup = random.chance(0.35) ? "Service Desk L1" : service.group;
      // Drawn from what the ticket already is, so the demo's other figures stay as they were.
      const supplier =
        assignmentGroup === service.group && service.supplier?.categories.includes(category)
          ? service.supplier.name
          : undefined;
      const ticket: ResolvedTicket = {
        source: "servicenow",
        ticketId: `INC${String(2_000_000 + sequence)}`,
        title,
        resolvedAt,
        requester: { email: `${requester}@example.com`, name: requester.split(".")[0], locale },
        service: service.name,
        category,
        assignmentGroup,
        agent: random.pick(service.agents),
        supplier,
        priority: random.pick(["P2", "P3", "P3", "P3", "P4", "P4"]),
        channel: random.pick(["portal", "portal", "email", "phone", "chat"]),
        slaBreached,
      };
      const skipDraw = random.next();
      const skipReason: SkipReason | undefined =
        skipDraw < 0.06
          ? "throttled"
          : skipDraw < 0.075
            ? "no-email"
            : skipDraw < 0.085
              ? "opted-out"
              : undefined;
      const created = new Date(Date.parse(resolvedAt) + 60_000).toISOString();
      const dimensions = dimensionsOf(ticket);
      surveyNumber = nextOnShardOf(dayFirst, surveyNumber, seriesFor(dimensions));
      const surveyId = demoSurveyId(surveyNumber);
      dayFirst ??= surveyId;
      const survey: Survey = {
        surveyId,
        source: ticket.source,
        ticketId: ticket.ticketId,
        title: ticket.title,
        resolvedAt,
        day,
        requester: { email: ticket.requester.email, name: ticket.requester.name, locale },
        dimensions,
        status: skipReason ? "skipped" : "invited",
        skipReason,
        createdAt: created,
        expiresAt: skipReason ? undefined : new Date(Date.parse(created) + 14 * 86_400_000).toISOString(),
        invitation: skipReason ? undefined : { state: "sent", sentAt: created },
        version: 0,
      };
      if (!skipReason && random.chance(0.38)) {
        const inDip = service.name === DIPPING_SERVICE && offset >= DIP.from && offset <= DIP.to;
        const csat = (inDip ? DIP.csat : service.csat) - (slaBreached ? 0.25 : 0);
        const score = scoreFor(random, csat);
        const topic = random.pick(service.topics[locale]);
        const pool = score >= 4 ? COMMENTS[locale].good : COMMENTS[locale].bad;
        const comment = random.chance(score <= 2 ? 0.7 : 0.3)
          ? random
              .pick(pool)
              .replace("{t}", topic)
              .replace("{T}", topic.charAt(0).toUpperCase() + topic.slice(1))
          : undefined;
        survey.response = {
          score,
          comment,
          reasons: [],
          mode: "deliberate",
          respondedAt: new Date(Date.parse(created) + (1 + random.next() * 40) * 3_600_000).toISOString(),
          autoHits: [],
          changes: 0,
        };
        survey.version = 1;
      }
      surveys.push(survey);
    }
  }
  return { surveys, from, to: addDays(options.today, -1) };
}

const demoSurveyId = (number: number) => `demo${String(number).padStart(7, "0")}`;

// Shards spread the live writes that meet on one series and day; the demo's thirty surveys a day meet nobody, and
// spread over the shards they made 27,000 aggregate items where 12,400 hold the same counts, and DynamoDB Local writes
// items one at a time on one thread: that was most of a first run's wait. So a day's surveys are numbered to share the
// shard of its first survey in every series. A survey's shard is still the one its id picks, so a rating changed later
// moves the item that counted it, and surveys that arrive live spread over the shards as on AWS.
/** The first survey number after `previous` whose id falls on the shard of `dayFirst` in each of these series. */
function nextOnShardOf(dayFirst: string | undefined, previous: number, series: readonly SeriesRef[]): number {
  let number = previous + 1;
  if (dayFirst === undefined) return number;
  const wanted = series.map((ref) => trendShard(ref, dayFirst));
  while (series.some((ref, index) => trendShard(ref, demoSurveyId(number)) !== wanted[index])) number += 1;
  return number;
}

function pickWeighted(random: ReturnType<typeof seededRandom>, services: DemoService[]): DemoService {
  let draw = random.next();
  for (const service of services) {
    draw -= service.weight;
    if (draw <= 0) return service;
  }
  return services[services.length - 1] as DemoService;
}
