import type { InvitationMessage, InvitationQueue } from "../../app/ports.js";

/** Locally there is no queue: an invitation is sent as soon as it is enqueued, before the intake answers. */
export function makeDirectInvitationQueue(
  send: (message: InvitationMessage) => Promise<unknown>,
): InvitationQueue {
  return {
    async enqueue(message) {
      await send(message);
    },
  };
}
