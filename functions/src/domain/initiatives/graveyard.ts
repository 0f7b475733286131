import { DEFAULT_IMPACT_WINDOWS } from "../statistics/impact.js";
import { GRAVEYARD_FLAGS, type GraveyardFlag, type InitiativeStatus, OPEN_STATUSES } from "./fields.js";
import type { Initiative } from "./initiative.js";
import { addCalendarDays, utcDayOf } from "./iso-dates.js";

/** Days without a change after which an open initiative counts as stale, unless a head sets another number. */
export const DEFAULT_STALE_AFTER_DAYS = 30;
/** The most days a head may set: ten years, beyond which the flag would never show. */
export const MAX_STALE_AFTER_DAYS = 3650;

/** What the flags read of an initiative: the small part the backlog also holds. */
export type GraveyardSubject = Pick<Initiative, "status" | "owner" | "kpi" | "implementedAt" | "updatedAt">;

const WATCHED: readonly InitiativeStatus[] = [...OPEN_STATUSES, "on-hold"];

/** Tells whether an initiative in `status` can carry flags: it is open or on hold, not finished or stopped. */
export function isWatched(status: InitiativeStatus): boolean {
  return WATCHED.includes(status);
}

/**
 * The day an initiative's review falls due: the KPI's target date, or, once it is live, the end of the window its
 * impact is read over after go-live if that comes first; null without a KPI, since there is nothing to review.
 */
export function reviewDueOf(initiative: Pick<GraveyardSubject, "kpi" | "implementedAt">): string | null {
  const kpi = initiative.kpi;
  if (kpi === null) return null;
  if (initiative.implementedAt === null) return kpi.targetDate;
  const windows = kpi.impactWindows ?? DEFAULT_IMPACT_WINDOWS;
  const impactRead = addCalendarDays(initiative.implementedAt, windows.settlingDays + 7 * windows.afterWeeks);
  // Calendar days compare as text; the earlier of the two is due first.
  return [impactRead, kpi.targetDate].sort()[0] ?? kpi.targetDate;
}

/**
 * The signs that an open (or on-hold) initiative is being forgotten, as of `today` (`YYYY-MM-DD`): nobody owns
 * it, it has no KPI target, its review date has passed without a review, or nothing about it changed for more
 * than `staleAfterDays` days. Finished or stopped initiatives carry no flags.
 */
export function graveyardFlags(
  initiative: GraveyardSubject,
  options: { today: string; staleAfterDays: number },
): GraveyardFlag[] {
  if (!isWatched(initiative.status)) return [];
  const flags = new Set<GraveyardFlag>();
  if (initiative.owner.trim() === "") flags.add("no-owner");
  if (initiative.kpi === null) flags.add("no-target");
  const due = reviewDueOf(initiative);
  if (initiative.status !== "reviewed" && due !== null && due < options.today) flags.add("review-overdue");
  if (addCalendarDays(utcDayOf(initiative.updatedAt), options.staleAfterDays) < options.today)
    flags.add("stale");
  return GRAVEYARD_FLAGS.filter((flag) => flags.has(flag));
}

/** How many initiatives carry each flag, every flag listed (0 included), in the vocabulary's order. */
export function countGraveyardFlags(
  flagged: ReadonlyArray<readonly GraveyardFlag[]>,
): Array<{ flag: GraveyardFlag; count: number }> {
  return GRAVEYARD_FLAGS.map((flag) => ({
    flag,
    count: flagged.filter((flags) => flags.includes(flag)).length,
  }));
}
