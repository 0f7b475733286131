import { DomainError } from "../../domain/errors.js";
import {
  addFollowUpNote,
  type FollowUpCase,
  type FollowUpStatus,
  isOverdue,
  linkCaseToInitiative,
  promoteCaseToInitiative,
  transitionFollowUp,
} from "../../domain/follow-ups/follow-up-case.js";
import type { Initiative, InitiativeInput } from "../../domain/initiatives/initiative.js";
import { hasRole, type Role } from "../../domain/roles.js";
import { canonicalInitiativeId, type ManageInitiatives } from "../initiatives/manage-initiatives.js";
import type { EventPublisher } from "../outbound/publish-events.js";
import type { Clock, FollowUpRecord, FollowUpRepository, InitiativeRepository, Page } from "../ports.js";
import { EDIT_RETRIES, retryWhileContended, TRY_AGAIN } from "../retry-policy.js";

const MAX_ATTEMPTS = 5;

/**
 * A case as the queue shows it: the stored case, whether it is past its deadline, and the requester's address
 * only for those who contact requesters (managers and heads).
 */
export type FollowUpView = FollowUpRecord & {
  overdue: boolean;
  requesterEmail: string | null;
  ticketUrl: string | null;
};

// Analysts read the queue's figures; the address is personal data that only the people who call requesters need.
const SEES_REQUESTER_ADDRESS: Role = "manager";

export interface FollowUpQuery {
  status?: FollowUpStatus | undefined;
  group?: string | undefined;
  overdue?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Working the follow-up queue: list, read, contact and resolve, note, link to an initiative or promote one. */
export function makeWorkFollowUps(deps: {
  followUps: FollowUpRepository;
  initiatives: InitiativeRepository;
  manageInitiatives: ManageInitiatives;
  clock: Clock;
  /** When given, a case that staff resolve is announced as `follow-up.resolved`. */
  events?: EventPublisher | undefined;
}) {
  const { followUps, initiatives, manageInitiatives, clock } = deps;
  const now = () => clock.now().toISOString();
  // Those who change a case are managers or heads, so the views that answer a change carry the address.
  const view = (record: FollowUpRecord, viewer: Role = SEES_REQUESTER_ADDRESS): FollowUpView => ({
    ...record,
    overdue: isOverdue(record, now()),
    requesterEmail: hasRole(viewer, SEES_REQUESTER_ADDRESS) ? (record.requesterEmail ?? null) : null,
    ticketUrl: record.ticketUrl ?? null,
  });

  async function read(id: string): Promise<FollowUpRecord> {
    const found = await followUps.get(id);
    if (!found) throw new DomainError("not-found", `There is no follow-up case ${id}`, { id });
    return found;
  }

  /** Applies a domain change to the stored case; a given expected version must match, otherwise it retries. */
  async function change(
    id: string,
    expectedVersion: number | undefined,
    apply: (current: FollowUpRecord) => FollowUpCase,
  ): Promise<FollowUpView> {
    return retryWhileContended(
      async () => {
        const current = await read(id);
        const next: FollowUpRecord = { ...current, ...apply(current) };
        if (next.version === current.version) return view(current);
        if ((await followUps.save(next, current.version)) === "saved") return view(next);
        if (expectedVersion !== undefined) {
          const latest = await read(id);
          throw new DomainError(
            "version-conflict",
            `Follow-up ${id} was changed by someone else: you edited version ${expectedVersion}, it is now at version ${latest.version}`,
            { id, expectedVersion, currentVersion: latest.version, current: view(latest) },
          );
        }
        return TRY_AGAIN;
      },
      {
        what: `Changing follow-up ${id}`,
        policy: EDIT_RETRIES,
        exhausted: () =>
          new DomainError("version-conflict", `Follow-up ${id} keeps changing; try again`, { id }),
      },
    );
  }

  return {
    /** A page of the queue, oldest due first: the active cases unless `status=resolved`, as `viewer` may see them. */
    async list(query: FollowUpQuery, viewer: Role): Promise<Page<FollowUpView>> {
      const queue = query.status === "resolved" ? "resolved" : "active";
      // Only an open case can be overdue (`isOverdue`): the overdue queue is the open cases past their deadline.
      if (query.overdue && query.status !== undefined && query.status !== "open") {
        return { items: [], nextCursor: null };
      }
      const page = await followUps.list({
        queue,
        status: query.overdue ? "open" : query.status,
        group: query.group,
        dueBefore: query.overdue ? now() : undefined,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map((item) => view(item, viewer)), nextCursor: page.nextCursor };
    },

    /** One case, as `viewer` may see it. */
    async get(id: string, viewer: Role): Promise<FollowUpView> {
      return view(await read(id), viewer);
    },

    /** Marks a case contacted or resolved, with an optional note. */
    async transition(
      id: string,
      to: FollowUpStatus,
      options: { note?: string | undefined; expectedVersion?: number | undefined },
      actor: string,
    ): Promise<FollowUpView> {
      let from: FollowUpStatus | undefined;
      const changed = await change(id, options.expectedVersion, (current) => {
        from = current.status;
        return transitionFollowUp(current, to, {
          actor,
          now: now(),
          ...(options.note === undefined ? {} : { note: options.note }),
          ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
        });
      });
      if (deps.events && from !== "resolved" && changed.status === "resolved") {
        await deps.events.publish(
          {
            id: `evt_follow-up-resolved_${changed.id}_${changed.version}`,
            type: "follow-up.resolved",
            timestamp: changed.updatedAt,
            data: {
              caseId: changed.id,
              ticketId: changed.ticketId ?? "",
              service: changed.service,
              rating: changed.rating,
              status: changed.status,
              dueAt: changed.dueAt,
              ticketUrl: changed.ticketUrl,
            },
          },
          changed.responseId,
        );
      }
      return changed;
    },

    async addNote(
      id: string,
      note: string,
      expectedVersion: number | undefined,
      actor: string,
    ): Promise<FollowUpView> {
      return change(id, expectedVersion, (current) =>
        addFollowUpNote(current, {
          actor,
          now: now(),
          note,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        }),
      );
    },

    /**
     * Links a case to an existing initiative (or unlinks it with null); the case's response joins the
     * initiative's linked responses, so the initiative shows the feedback behind it.
     */
    async link(id: string, rawInitiativeId: string | null, actor: string): Promise<FollowUpView> {
      const current = await read(id);
      if (rawInitiativeId !== null) {
        const initiativeId = canonicalInitiativeId(rawInitiativeId);
        const initiative = await initiatives.getHead(initiativeId);
        if (!initiative) {
          throw new DomainError("not-found", `There is no initiative ${initiativeId}`, { id: initiativeId });
        }
        if (!initiative.linkedResponseIds.includes(current.responseId)) {
          await linkResponse(initiativeId, current.responseId, actor);
        }
        return change(id, undefined, (latest) =>
          linkCaseToInitiative(latest, initiativeId, { actor, now: now() }),
        );
      }
      return change(id, undefined, (latest) => linkCaseToInitiative(latest, null, { actor, now: now() }));
    },

    /** Raises a new initiative from a case (its service, comment and response carried over) and links the two. */
    async promote(
      id: string,
      overrides: Partial<InitiativeInput>,
      actor: string,
    ): Promise<{ initiative: Initiative; followUp: FollowUpView }> {
      const current = await read(id);
      const input = promoteCaseToInitiative(current, { owner: actor, ...overrides });
      const initiative = await manageInitiatives.create(input, actor);
      const followUp = await change(id, undefined, (latest) =>
        linkCaseToInitiative(latest, initiative.id, { actor, now: now() }),
      );
      return { initiative, followUp };
    },
  };

  async function linkResponse(initiativeId: string, responseId: string, actor: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const initiative = await initiatives.getHead(initiativeId);
      if (!initiative || initiative.linkedResponseIds.includes(responseId)) return;
      try {
        await manageInitiatives.update(
          initiativeId,
          { linkedResponseIds: [...initiative.linkedResponseIds, responseId] },
          initiative.version,
          actor,
        );
        return;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === "version-conflict")) throw error;
      }
    }
  }
}

export type WorkFollowUps = ReturnType<typeof makeWorkFollowUps>;
