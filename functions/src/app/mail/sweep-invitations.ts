import type { Clock, MailQueue, SurveyRepository } from "../ports.js";

/** An intake enqueues at once; an invitation still pending after this long lost its message. */
export const SWEEP_MINIMUM_AGE_MINUTES = 5;
/** How far back the sweep looks: far longer than the sweep's interval, so no pending invitation is passed over. */
export const SWEEP_WINDOW_HOURS = 48;

/** Queues once each invitation that is still pending some minutes after its survey was stored. */
export function makeSweepInvitations(deps: {
  surveys: SurveyRepository;
  mailQueue: MailQueue;
  clock: Clock;
}) {
  return async function sweepInvitations(): Promise<{ enqueued: number }> {
    const now = deps.clock.now().getTime();
    const pending = await deps.surveys.listPendingInvitations(
      new Date(now - SWEEP_WINDOW_HOURS * 3_600_000).toISOString(),
      new Date(now - SWEEP_MINIMUM_AGE_MINUTES * 60_000).toISOString(),
    );
    await deps.mailQueue.enqueue(pending.map((surveyId) => ({ kind: "invitation" as const, surveyId })));
    return { enqueued: pending.length };
  };
}
