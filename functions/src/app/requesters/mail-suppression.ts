import { type MailFeedback, undeliverableAddresses } from "../../domain/mail-feedback.js";
import type { Log, Metrics, SurveyRepository } from "../ports.js";
import { requesterKeyOf } from "../surveys/link-secrets.js";

/** Marks the addresses that bounced for good or complained, so that no invitation or reminder goes to them again. */
export function makeMailSuppression(deps: {
  surveys: Pick<SurveyRepository, "markUndeliverable">;
  log: Log;
  metrics: Metrics;
}) {
  const { surveys, log, metrics } = deps;
  return async function suppress(reports: {
    feedback: readonly MailFeedback[];
    /** Ids of notifications that were not SES events at all: logged, never retried, since a retry cannot help. */
    unreadable: readonly string[];
  }): Promise<{ marked: number }> {
    const { feedback, unreadable } = reports;
    if (unreadable.length > 0) log.warn("Mail events not understood", { messageIds: unreadable });
    let marked = 0;
    for (const item of feedback) {
      const verdict = undeliverableAddresses(item);
      if (!verdict) {
        log.info("Transient bounce: address kept", { recipients: item.recipients.length });
        continue;
      }
      for (const address of verdict.addresses) {
        // Keyed as the intake keys requesters, so the address itself is neither stored nor logged here.
        const requesterKey = requesterKeyOf(address);
        await surveys.markUndeliverable(requesterKey, verdict.reason, item.at);
        log.info("Address marked undeliverable", { requesterKey, reason: verdict.reason });
        metrics.count("AddressesSuppressed", 1, { reason: verdict.reason });
        marked += 1;
      }
    }
    return { marked };
  };
}

export type MailSuppression = ReturnType<typeof makeMailSuppression>;
