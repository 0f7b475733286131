import type { WorkFollowUps } from "../../app/follow-ups/work-follow-ups.js";
import type { Handlers } from "../contract/mount.js";
import type { followUpsContracts as contracts } from "../contracts/follow-ups.js";

/** The follow-up queue's routes: list, read, contact and resolve, note, link to an initiative, promote one. */
export function followUpsHandlers(deps: { workFollowUps: WorkFollowUps }): Handlers<typeof contracts> {
  const { workFollowUps } = deps;
  return {
    listFollowUps: async ({ query: { overdue, ...query }, user }) => ({
      status: 200,
      body: await workFollowUps.list({ ...query, overdue: overdue === "true" }, user.role),
    }),

    readFollowUp: async ({ params, user }) => ({
      status: 200,
      body: await workFollowUps.get(params.id, user.role),
    }),

    transitionFollowUp: async ({ params, body: { to, ...options }, user }) => ({
      status: 200,
      body: await workFollowUps.transition(params.id, to, options, user.name),
    }),

    addFollowUpNote: async ({ params, body, user }) => ({
      status: 200,
      body: await workFollowUps.addNote(params.id, body.note, body.expectedVersion, user.name),
    }),

    linkFollowUpToInitiative: async ({ params, body, user }) => ({
      status: 200,
      body: await workFollowUps.link(params.id, body.initiativeId, user.name),
    }),

    promoteFollowUp: async ({ params, body, user }) => {
      const { initiative, followUp } = await workFollowUps.promote(params.id, body, user.name);
      return {
        status: 201,
        // Spread into a plain object: the contract documents the initiative as a record of its fields.
        body: { initiative: { ...initiative }, followUp },
        headers: { location: `/api/v1/initiatives/${initiative.id}` },
      };
    },
  };
}
