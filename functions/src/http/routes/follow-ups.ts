import type { WorkFollowUps } from "../../app/follow-ups/work-follow-ups.js";
import { route } from "../contract/mount.js";
import { followUpsContracts as contracts } from "../contracts/follow-ups.js";

/** The follow-up queue's routes: list, read, contact and resolve, note, link to an initiative, promote one. */
export function followUpsRoutes(deps: { workFollowUps: WorkFollowUps }) {
  const { workFollowUps } = deps;
  return [
    route(contracts.listFollowUps).handle(async ({ query: { overdue, ...query }, user }) => ({
      status: 200,
      body: await workFollowUps.list({ ...query, overdue: overdue === "true" }, user.role),
    })),

    route(contracts.readFollowUp).handle(async ({ params, user }) => ({
      status: 200,
      body: await workFollowUps.get(params.id, user.role),
    })),

    route(contracts.transitionFollowUp).handle(async ({ params, body: { to, ...options }, user }) => ({
      status: 200,
      body: await workFollowUps.transition(params.id, to, options, user.name),
    })),

    route(contracts.addFollowUpNote).handle(async ({ params, body, user }) => ({
      status: 200,
      body: await workFollowUps.addNote(params.id, body.note, body.expectedVersion, user.name),
    })),

    route(contracts.linkFollowUpToInitiative).handle(async ({ params, body, user }) => ({
      status: 200,
      body: await workFollowUps.link(params.id, body.initiativeId, user.name),
    })),

    route(contracts.promoteFollowUp).handle(async ({ params, body, user }) => {
      const { initiative, followUp } = await workFollowUps.promote(params.id, body, user.name);
      return {
        status: 201,
        // Spread into a plain object: the contract documents the initiative as a record of its fields.
        body: { initiative: { ...initiative }, followUp },
        headers: { location: `/api/v1/initiatives/${initiative.id}` },
      };
    }),
  ];
}
