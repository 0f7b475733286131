import { randomBytes } from "node:crypto";
import { localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import type { GraveyardFlag, InitiativeCategory, InitiativeStatus } from "../../domain/initiatives/fields.js";
import { graveyardFlags } from "../../domain/initiatives/graveyard.js";
import { LIVE_WINDOW_DAYS, liveWindow } from "../../domain/initiatives/kpi-progress.js";
import {
  DEFAULT_PRIORITY_SETTINGS,
  type KpiSnapshot,
  kpiSeriesKey,
  type PriorityScore,
  type PrioritySettings,
  rankBacklog,
  scoreInitiative,
  validatePrioritySettings,
} from "../../domain/initiatives/priority.js";
import type {
  BacklogEntry,
  BacklogSnapshot,
  Clock,
  InitiativeRepository,
  PrioritySettingsRepository,
  TrendRepository,
} from "../ports.js";
import { readKpiRatings } from "./kpi-ratings.js";

const SNAPSHOT_MINUTES = 15;

export interface BacklogQuery {
  statuses: readonly InitiativeStatus[];
  service?: string | undefined;
  owner?: string | undefined;
  category?: InitiativeCategory | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface BacklogItem {
  rank: number;
  pinned: boolean;
  priority: PriorityScore;
  /** The graveyard flags the initiative carries today. */
  flags: GraveyardFlag[];
  initiative: BacklogEntry;
}

export interface BacklogPage {
  items: BacklogItem[];
  total: number;
  nextCursor: string | null;
  settings: PrioritySettings;
}

interface Cursor {
  /** The snapshot the first page was cut from. */
  s: string;
  o: number;
  /** The query it belongs to, so that a cursor is not replayed against other filters. */
  q: string;
}

/**
 * The live figures of every distinct KPI series among the entries: csat and responses per month over the last
 * `LIVE_WINDOW_DAYS` days, read once per series from the per-day aggregates.
 */
export async function readLiveKpis(
  trends: TrendRepository,
  entries: ReadonlyArray<Pick<BacklogEntry, "kpi">>,
  today: string,
): Promise<Map<string, KpiSnapshot>> {
  const { from } = liveWindow(today);
  const reads = entries.flatMap((entry) => (entry.kpi ? [{ kpi: entry.kpi, from }] : []));
  const ratings = await readKpiRatings(trends, reads, today);
  const snapshots = new Map<string, KpiSnapshot>();
  for (const read of reads) {
    const { n, positive } = ratings.get(read);
    snapshots.set(kpiSeriesKey(read.kpi), {
      csat: n > 0 ? positive / n : null,
      responsesPerMonth: (n * 30) / LIVE_WINDOW_DAYS,
    });
  }
  return snapshots;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Cursor;
    // The snapshot id is read as part of a key, so only the shape this API hands out (12 random bytes) gets that far.
    if (
      typeof cursor.s === "string" &&
      /^[\w-]{16}$/.test(cursor.s) &&
      Number.isSafeInteger(cursor.o) &&
      cursor.o >= 0
    )
      return cursor;
  } catch {
    // Falls through to the validation error below.
  }
  throw new DomainError("validation", "The cursor is not one this API issued", {
    fields: [{ field: "cursor", message: "is not valid" }],
  });
}

function fingerprint(query: BacklogQuery): string {
  return JSON.stringify([[...query.statuses].sort(), query.service, query.owner, query.category]);
}

/**
 * The ranked backlog. The first page reads the backlog items of the filtered register (small items, never the
 * long texts or history), the live KPI figures and the settings, ranks them all, and keeps the ranking as a
 * short-lived snapshot; the following pages read the snapshot and only the items they show, scored with the
 * inputs the first page used, so that paging neither repeats nor skips an initiative while scores move.
 */
export function makeBacklog(deps: {
  initiatives: InitiativeRepository;
  trends: TrendRepository;
  prioritySettings: PrioritySettingsRepository;
  clock: Clock;
  timeZone: string;
}) {
  const { initiatives, trends, prioritySettings, clock, timeZone } = deps;

  async function firstPage(query: BacklogQuery, offset: number): Promise<BacklogPage> {
    const [settings, stored] = await Promise.all([
      prioritySettings.get(),
      initiatives.listBacklog({ statuses: query.statuses, owner: query.owner }),
    ]);
    const entries = stored.filter(
      (entry) =>
        (query.service === undefined || entry.services.includes(query.service)) &&
        (query.category === undefined || entry.category === query.category),
    );
    const today = localDay(clock.now(), timeZone);
    const kpis = await readLiveKpis(trends, entries, today);
    const ranked = rankBacklog(entries, settings, kpis).map((item) => ({
      ...item,
      flags: graveyardFlags(item.initiative, { today, staleAfterDays: settings.staleAfterDays }),
    }));
    const end = offset + query.limit;
    let nextCursor: string | null = null;
    if (ranked.length > end) {
      const snapshot: BacklogSnapshot = {
        id: randomBytes(12).toString("base64url"),
        ids: ranked.map((item) => item.initiative.id),
        settings,
        kpis: [...kpis],
        createdAt: clock.now().toISOString(),
      };
      await initiatives.saveSnapshot(snapshot);
      nextCursor = encodeCursor({ s: snapshot.id, o: end, q: fingerprint(query) });
    }
    return { items: ranked.slice(offset, end), total: ranked.length, nextCursor, settings };
  }

  async function laterPage(query: BacklogQuery, cursor: Cursor): Promise<BacklogPage> {
    const snapshot = await initiatives.getSnapshot(cursor.s);
    const fresh =
      snapshot !== undefined &&
      clock.now().getTime() - Date.parse(snapshot.createdAt) < SNAPSHOT_MINUTES * 60_000;
    // An expired ranking is ranked afresh; the page then continues at the same position.
    if (!snapshot || !fresh) return firstPage(query, cursor.o);
    const ids = snapshot.ids.slice(cursor.o, cursor.o + query.limit);
    const byId = new Map((await initiatives.getBacklogEntries(ids)).map((entry) => [entry.id, entry]));
    const kpis = new Map(snapshot.kpis);
    const today = localDay(clock.now(), timeZone);
    // A ranking kept before the stale setting existed reads with its default.
    const settings = { ...DEFAULT_PRIORITY_SETTINGS, ...snapshot.settings };
    const items: BacklogItem[] = [];
    ids.forEach((id, index) => {
      const entry = byId.get(id);
      // An initiative deleted since the first page simply drops out.
      if (!entry) return;
      items.push({
        rank: cursor.o + index + 1,
        pinned: entry.manualRank !== null,
        initiative: entry,
        flags: graveyardFlags(entry, { today, staleAfterDays: settings.staleAfterDays }),
        priority: scoreInitiative(entry, settings, entry.kpi ? kpis.get(kpiSeriesKey(entry.kpi)) : undefined),
      });
    });
    const end = cursor.o + query.limit;
    return {
      items,
      total: snapshot.ids.length,
      nextCursor: snapshot.ids.length > end ? encodeCursor({ ...cursor, o: end }) : null,
      settings,
    };
  }

  return {
    /** One page of the backlog, ranked by manual rank then score, with each score's parts. */
    async list(query: BacklogQuery): Promise<BacklogPage> {
      if (query.cursor === undefined) return firstPage(query, 0);
      const cursor = decodeCursor(query.cursor);
      if (cursor.q !== fingerprint(query)) {
        throw new DomainError("validation", "The cursor belongs to a backlog query with other filters", {
          fields: [{ field: "cursor", message: "belongs to other filters" }],
        });
      }
      return laterPage(query, cursor);
    },

    /** The scoring model, weights and service weights in force. */
    async getSettings(): Promise<PrioritySettings> {
      return prioritySettings.get();
    },

    /** Replaces the scoring settings; the next backlog read ranks with them. */
    async saveSettings(settings: PrioritySettings, actor: string): Promise<PrioritySettings> {
      validatePrioritySettings(settings);
      await prioritySettings.save(settings, actor, clock.now().toISOString());
      return settings;
    },
  };
}

export type Backlog = ReturnType<typeof makeBacklog>;
