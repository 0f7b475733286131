import type { RequesterData } from "../../app/requesters/requester-data.js";
import type { Handlers } from "../contract/mount.js";
import type { requestersContracts as contracts } from "../contracts/requesters.js";

/** Access export and erasure of everything Pulse holds on one requester. */
export function requestersHandlers(deps: { requesterData: RequesterData }): Handlers<typeof contracts> {
  const { requesterData } = deps;
  return {
    exportRequester: async ({ params }) => {
      const data = await requesterData.exportData(params.email);
      // The contract's schemas pick what an export shows: a stored item's bookkeeping (requester key, page nonces,
      // mail state, scanner hits) is left out when the body is sent.
      return { status: 200, body: { ...data, profile: data.profile ?? null } };
    },

    eraseRequester: async ({ params }) => ({
      status: 200,
      body: await requesterData.erase(params.email),
    }),
  };
}
