import { localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import type { GraveyardFlag, InitiativeStatus } from "../../domain/initiatives/fields.js";
import { graveyardFlags } from "../../domain/initiatives/graveyard.js";
import { type ImpactReview, impactReviewOf } from "../../domain/initiatives/impact-review.js";
import {
  createInitiative,
  formatInitiativeId,
  type HistoryEntry,
  type Initiative,
  type InitiativeInput,
  type InitiativePatch,
  parseInitiativeId,
  percentComplete,
  updateInitiative,
} from "../../domain/initiatives/initiative.js";
import { type Portfolio, portfolioOf } from "../../domain/initiatives/portfolio.js";
import type { PrioritySettings } from "../../domain/initiatives/priority.js";
import { type TransitionOptions, transition } from "../../domain/initiatives/workflow.js";
import type { InitiativeImpact } from "../analytics/initiative-impact.js";
import type { EventPublisher } from "../outbound/publish-events.js";
import type { Clock, InitiativeRepository, PrioritySettingsRepository } from "../ports.js";
import { EDIT_RETRIES, retryWhileContended, TRY_AGAIN } from "../retry-policy.js";

const MAX_ATTEMPTS = 5;

/** The canonical id (`CSI-042`) of what a client typed, or a `not-found` error when it cannot be one. */
export function canonicalInitiativeId(id: string): string {
  const sequence = parseInitiativeId(id);
  if (sequence === null) throw new DomainError("not-found", `There is no initiative ${id}`, { id });
  return formatInitiativeId(sequence);
}

/** The 409 a stale writer gets: the version it edited, the current one, and the initiative as it now stands. */
export function versionConflict(
  id: string,
  expectedVersion: number,
  current: Initiative | undefined,
): DomainError {
  if (!current) return new DomainError("not-found", `There is no initiative ${id}`, { id });
  const { history: _history, ...head } = current;
  return new DomainError(
    "version-conflict",
    `${id} was changed by someone else: you edited version ${expectedVersion}, it is now at version ${current.version}`,
    { id, expectedVersion, currentVersion: current.version, current: head },
  );
}

/** An initiative as the register shows it: with how far its tasks are and the graveyard flags it carries today. */
export type FlaggedInitiative = Initiative & { percentComplete: number | null; flags: GraveyardFlag[] };

/**
 * Creating, reading, editing, moving and deleting initiatives, each change guarded by the initiative's version;
 * what they answer carries the initiative's graveyard flags as of today in the organisation's time zone.
 */
export function makeManageInitiatives(deps: {
  initiatives: InitiativeRepository;
  /** Where the number of days after which an initiative is stale is set. */
  prioritySettings: Pick<PrioritySettingsRepository, "get">;
  clock: Clock;
  timeZone: string;
  /** When given, a review stores the impact verdict and takes its proposed benefit outcome. */
  initiativeImpact?: InitiativeImpact | undefined;
  /** When given, each stored transition is announced as `initiative.transitioned`. */
  events?: EventPublisher | undefined;
}) {
  const { initiatives, clock } = deps;

  async function reviewImpact(id: string): Promise<ImpactReview | null> {
    if (!deps.initiativeImpact) return null;
    try {
      return impactReviewOf(await deps.initiativeImpact(id));
    } catch (error) {
      // An initiative without a KPI is still reviewed, on the reviewer's word alone.
      if (error instanceof DomainError && error.code === "impact-unavailable") return null;
      throw error;
    }
  }
  const now = () => clock.now().toISOString();

  /** The initiative with its % complete and flags; `settings` when the caller has already read them. */
  async function flagged(
    initiative: Initiative,
    settings?: Pick<PrioritySettings, "staleAfterDays">,
  ): Promise<FlaggedInitiative> {
    const { staleAfterDays } = settings ?? (await deps.prioritySettings.get());
    const today = localDay(clock.now(), deps.timeZone);
    return {
      ...initiative,
      percentComplete: percentComplete(initiative.tasks),
      flags: graveyardFlags(initiative, { today, staleAfterDays }),
    };
  }

  async function head(id: string): Promise<Initiative> {
    const found = await initiatives.getHead(id);
    if (!found) throw new DomainError("not-found", `There is no initiative ${id}`, { id });
    return found;
  }

  /** Applies `change` to the stored head and saves it; with no expected version, retries on a concurrent change. */
  async function change(
    rawId: string,
    expectedVersion: number | undefined,
    apply: (current: Initiative) => Initiative,
  ): Promise<Initiative> {
    const id = canonicalInitiativeId(rawId);
    return retryWhileContended(
      async () => {
        const current = await head(id);
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw versionConflict(id, expectedVersion, current);
        }
        const next = apply(current);
        if (next === current) return current;
        // The head was read without history, so every entry on `next` is new.
        const result = await initiatives.save(next, current.version, next.history);
        if (result.kind === "saved") return next;
        if (expectedVersion !== undefined) throw versionConflict(id, expectedVersion, result.current);
        return TRY_AGAIN;
      },
      {
        what: `Changing ${id}`,
        policy: EDIT_RETRIES,
        exhausted: () => new DomainError("version-conflict", `${id} keeps changing; try again`, { id }),
      },
    );
  }

  async function get(rawId: string): Promise<Initiative> {
    const id = canonicalInitiativeId(rawId);
    const found = await initiatives.getWithHistory(id);
    if (!found) throw new DomainError("not-found", `There is no initiative ${id}`, { id });
    return found;
  }

  return {
    /** Registers a new initiative under the next readable id. */
    async create(input: InitiativeInput, actor: string): Promise<FlaggedInitiative> {
      // Checked before an id is taken, so a refused initiative leaves the register's numbering as it was.
      createInitiative(input, { id: formatInitiativeId(1), actor, now: now() });
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const id = formatInitiativeId(await initiatives.allocateSequence(1));
        const initiative = createInitiative(input, { id, actor, now: now() });
        // An import may have brought this id along; then the next one is taken.
        if (await initiatives.create(initiative)) return flagged(initiative);
      }
      throw new Error("No free initiative id after repeated attempts");
    },

    /** One initiative with its full history. */
    async get(rawId: string): Promise<FlaggedInitiative> {
      return flagged(await get(rawId));
    },

    /** Edits fields of the version the editor saw; a stale version is a `version-conflict` with the current one. */
    async update(
      rawId: string,
      patch: InitiativePatch,
      expectedVersion: number,
      actor: string,
    ): Promise<FlaggedInitiative> {
      return flagged(
        await change(rawId, expectedVersion, (current) =>
          updateInitiative(current, patch, { actor, now: now(), expectedVersion }),
        ),
      );
    },

    /** Moves an initiative along the workflow; refused steps name the allowed ones. */
    async transition(
      rawId: string,
      to: InitiativeStatus,
      options: Omit<TransitionOptions, "actor" | "now">,
      actor: string,
    ): Promise<FlaggedInitiative> {
      const impact = to === "reviewed" ? await reviewImpact(canonicalInitiativeId(rawId)) : null;
      // Approving is checked against the threshold; the same read then dates the answer's flags.
      const settings = to === "approved" ? await deps.prioritySettings.get() : undefined;
      const approvalThreshold = settings?.approvalThreshold ?? null;
      let from: InitiativeStatus | undefined;
      const moved = await change(rawId, options.expectedVersion, (current) => {
        from = current.status;
        return transition(current, to, { ...options, approvalThreshold, impact, actor, now: now() });
      });
      if (deps.events && from !== undefined && from !== moved.status) {
        await deps.events.publish({
          id: `evt_initiative_${moved.id}_${moved.version}`,
          type: "initiative.transitioned",
          timestamp: moved.updatedAt,
          data: { initiativeId: moved.id, title: moved.title, from, to: moved.status, actor },
        });
      }
      return flagged(moved, settings);
    },

    /** Deletes an initiative with its history. */
    async remove(rawId: string, expectedVersion: number | undefined): Promise<void> {
      const id = canonicalInitiativeId(rawId);
      const result = await initiatives.remove(id, expectedVersion);
      if (result.kind === "conflict") {
        if (expectedVersion === undefined || !result.current) {
          throw new DomainError("not-found", `There is no initiative ${id}`, { id });
        }
        throw versionConflict(id, expectedVersion, result.current);
      }
    },

    /** The whole register summed by status, cost and realised benefit. */
    async portfolio(): Promise<Portfolio> {
      return portfolioOf(await initiatives.listAll());
    },

    /** Who changed what and when, oldest first. */
    async history(rawId: string): Promise<HistoryEntry[]> {
      const initiative = await get(rawId);
      return initiative.history;
    },
  };
}

export type ManageInitiatives = ReturnType<typeof makeManageInitiatives>;
