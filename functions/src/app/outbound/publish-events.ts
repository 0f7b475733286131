import type { OutboundEvent } from "../../domain/outbound/outbound-event.js";
import { type Log, silentLog } from "../ports.js";
import type { OutboundQueue } from "./outbound-ports.js";

/** Hands a staff action's event to the outbound queue once the action is stored. */
export interface EventPublisher {
  /** `surveyId`: the survey the event is about, whose requester's erasure erases its deliveries too. */
  publish(event: OutboundEvent, surveyId?: string): Promise<void>;
}

/**
 * Publishes events after the change they tell of is stored: the change stands whatever the queue does, so a failed
 * hand-off is logged with the event's id and type rather than turning a saved change into an error.
 */
export function makeEventPublisher(deps: { queue: OutboundQueue; log?: Log }): EventPublisher {
  const log = deps.log ?? silentLog;
  return {
    async publish(event, surveyId) {
      try {
        await deps.queue.enqueue([{ kind: "event", event, ...(surveyId === undefined ? {} : { surveyId }) }]);
      } catch (error) {
        log.error("Outbound event not queued", {
          eventId: event.id,
          type: event.type,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  };
}
