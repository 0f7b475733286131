import { addDays, eachMonth, localDay } from "../../domain/calendar.js";
import {
  countThemeTerms,
  extractThemes,
  type ScoreCounts,
  type ThemeComment,
} from "../../domain/themes/index.js";
import type {
  Clock,
  ListedResponse,
  ReasonCount,
  ResponseListing,
  StoredTheme,
  ThemeSnapshot,
  ThemeSnapshotRepository,
} from "../ports.js";

/** The snapshot of every service's comments together. */
export const ALL_SERVICES = "*";
/** Where comments on tickets without a service are counted. */
export const NO_SERVICE = "(no service)";

// Only the most mentioned themes keep response ids and samples, so a snapshot's size follows its distinct terms.
const THEMES_PER_SNAPSHOT = 30;
const IDS_PER_THEME = 100;
const SAMPLE_CHARS = 280;
/** A month still open to responses is recomputed at most this often. */
export const FRESH_FOR_MS = 15 * 60_000;

/** The months (YYYY-MM) that the days from `from` to `to` touch, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  return eachMonth(from, to);
}

/** The last day of a month (YYYY-MM). */
export function lastDayOfMonth(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const next = number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
}

function toStored(themes: ReturnType<typeof extractThemes>): StoredTheme[] {
  return themes.map((theme) => ({
    key: theme.key,
    label: theme.label,
    count: theme.count,
    responseIds: theme.responseIds.slice(0, IDS_PER_THEME),
    locales: theme.locales,
    sample: theme.sample.map((text) =>
      text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS - 1)}…` : text,
    ),
  }));
}

function reasonsOf(responses: readonly ListedResponse[]): ReasonCount[] {
  const counts = new Map<string, ScoreCounts>();
  for (const response of responses) {
    for (const reason of new Set(response.reasons)) {
      const scores = counts.get(reason) ?? [0, 0, 0, 0, 0];
      scores[response.score - 1] = (scores[response.score - 1] as number) + 1;
      counts.set(reason, scores);
    }
  }
  return [...counts.entries()].map(([reason, scores]) => ({ reason, scores }));
}

function serviceOf(response: ListedResponse): string {
  return response.dimensions.service ?? NO_SERVICE;
}

function commentsOf(responses: readonly ListedResponse[]): ThemeComment[] {
  return responses.flatMap((response) =>
    response.comment === null
      ? []
      : [
          {
            id: response.surveyId,
            text: response.comment,
            locale: response.locale,
            service: response.dimensions.service ?? NO_SERVICE,
            day: response.day,
          },
        ],
  );
}

/**
 * Keeps monthly theme snapshots (per service, and for all services) current, each with the counts of every theme term
 * and reason tag: a month no response can reach any more
 * is computed once and kept; an open month is recomputed when its snapshot is older than FRESH_FOR_MS.
 */
export function makeMonthlyThemes(deps: {
  responses: ResponseListing;
  snapshots: ThemeSnapshotRepository;
  clock: Clock;
  timeZone: string;
  /** How long a survey stays open after its ticket's resolution day: responses to a month arrive until then. */
  responseWindowDays: number;
}) {
  async function compute(month: string): Promise<ThemeSnapshot[]> {
    const now = deps.clock.now();
    const today = localDay(now, deps.timeZone);
    const final = today > addDays(lastDayOfMonth(month), deps.responseWindowDays + 1);
    const responses = await deps.responses.readMonth(month);
    const byService = new Map<string, ListedResponse[]>([[ALL_SERVICES, [...responses]]]);
    for (const response of responses) {
      const service = serviceOf(response);
      const own = byService.get(service);
      if (own) own.push(response);
      else byService.set(service, [response]);
    }
    const snapshots = [...byService.entries()].map(([service, own]) => {
      const comments = commentsOf(own);
      return {
        month,
        service,
        comments: comments.length,
        responses: own.length,
        themes: toStored(extractThemes(comments, { maxThemes: THEMES_PER_SNAPSHOT, sampleSize: 3 })),
        terms: countThemeTerms(
          own.flatMap((response) =>
            response.comment === null
              ? []
              : [{ text: response.comment, score: response.score, locale: response.locale }],
          ),
        ),
        reasons: reasonsOf(own),
        computedAt: now.toISOString(),
        final,
      };
    });
    await deps.snapshots.putAll(snapshots);
    return snapshots;
  }

  /** The snapshot of one service (or ALL_SERVICES) for one month, computing the month first when needed. */
  return async function monthlyThemes(month: string, service: string): Promise<ThemeSnapshot> {
    const isFresh = (snapshot: ThemeSnapshot | undefined): snapshot is ThemeSnapshot =>
      snapshot !== undefined &&
      (snapshot.final || deps.clock.now().getTime() - Date.parse(snapshot.computedAt) < FRESH_FOR_MS);
    const stored = await deps.snapshots.get(month, service);
    if (isFresh(stored)) return stored;
    const empty = (whole: ThemeSnapshot): ThemeSnapshot => ({
      ...whole,
      service,
      comments: 0,
      responses: 0,
      themes: [],
      terms: [],
      reasons: [],
    });
    if (stored === undefined && service !== ALL_SERVICES) {
      // A current month-wide snapshot without this service means the service had no comments that month.
      const whole = await deps.snapshots.get(month, ALL_SERVICES);
      if (isFresh(whole)) return empty(whole);
    }
    const computed = await compute(month);
    const whole = computed.find((snapshot) => snapshot.service === ALL_SERVICES) as ThemeSnapshot;
    return computed.find((snapshot) => snapshot.service === service) ?? empty(whole);
  };
}

export type MonthlyThemes = ReturnType<typeof makeMonthlyThemes>;
