import { addDays, localDay } from "../../domain/calendar.js";
import type { Clock, MailQueue, SurveyRepository } from "../ports.js";

export interface ReminderPolicy {
  /** Days after the invitation that the one reminder goes out. */
  afterDays: number;
  /** Days a missed run is caught up on. */
  catchUpDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { afterDays: 3, catchUpDays: 3 };

/**
 * Lists the requesters who have not answered some days after their invitation and queues one reminder each; the
 * mailer checks again at send time whether each is still due, so the job itself sends nothing.
 */
export function makeSendReminders(deps: {
  surveys: SurveyRepository;
  mailQueue: MailQueue;
  clock: Clock;
  timeZone: string;
  policy?: ReminderPolicy;
}) {
  const policy = deps.policy ?? DEFAULT_REMINDER_POLICY;
  return async function sendReminders(): Promise<{ enqueued: number }> {
    const newest = addDays(localDay(deps.clock.now(), deps.timeZone), -policy.afterDays);
    let enqueued = 0;
    for (let back = policy.catchUpDays; back >= 0; back--) {
      const due = await deps.surveys.listAwaitingReminder(addDays(newest, -back));
      await deps.mailQueue.enqueue(due.map((surveyId) => ({ kind: "reminder" as const, surveyId })));
      enqueued += due.length;
    }
    return { enqueued };
  };
}

export type SendReminders = ReturnType<typeof makeSendReminders>;
