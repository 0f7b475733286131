import * as z from "zod/mini";
import type { OutboundEvent } from "../../domain/outbound/outbound-event.js";

/**
 * One message on the outbound queue. The public function enqueues only `rating` (the survey and the version its
 * rating made, a few dozen bytes): the outbound function reads the rest. Staff actions enqueue their `event` whole;
 * `delivery` tries one stored delivery again (a head's redelivery).
 */
export type OutboundMessage =
  | {
      kind: "rating";
      surveyId: string;
      version: number;
      score: number;
      previousScore?: number | undefined;
      /** The rating opened (or reopened) the survey's follow-up case, or closed it by a better score. */
      followUp?: "opened" | "resolved" | undefined;
    }
  | {
      kind: "event";
      event: OutboundEvent;
      /** The survey the event is about (a case resolved by staff), so that its deliveries are erased with it. */
      surveyId?: string | undefined;
    }
  | { kind: "delivery"; deliveryId: string };

const id = z.string().check(z.minLength(1), z.maxLength(200));
const score = z.number().check(z.int(), z.gte(1), z.lte(5));

const MessageSchema = z.union([
  z.object({
    kind: z.literal("rating"),
    surveyId: id,
    version: z.number().check(z.int(), z.gte(1)),
    score,
    previousScore: z.optional(score),
    followUp: z.optional(z.enum(["opened", "resolved"])),
  }),
  z.object({
    kind: z.literal("event"),
    event: z.object({ id, type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
    surveyId: z.optional(id),
  }),
  z.object({ kind: z.literal("delivery"), deliveryId: id }),
]);

/** Parses a queue body; staff events are trusted as Pulse wrote them, their envelope checked. */
export function parseOutboundMessage(body: string): OutboundMessage {
  return MessageSchema.parse(JSON.parse(body)) as OutboundMessage;
}
