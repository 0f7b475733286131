import { createHash } from "node:crypto";
import { renderSlackMessage, renderTeamsMessage } from "../../domain/outbound/chat-messages.js";
import {
  carriesRequesterData,
  type DeliveryMethod,
  type OutboundEvent,
  TWO_STEP_WRITE_BACKS,
  WRITE_BACK_FORMATS,
  type WriteBackFormat,
} from "../../domain/outbound/outbound-event.js";
import { writeBackRequest } from "../../domain/outbound/write-back.js";
import type { Score } from "../../domain/survey.js";
import type { MailBatchResult } from "../mail/mail-consumer.js";
import { type Clock, type FollowUpRepository, type Log, type SurveyRepository, silentLog } from "../ports.js";
import { type OutboundMessage, parseOutboundMessage } from "./outbound-message.js";
import type { Webhook, WebhookDelivery, WebhookPoster, WebhookRepository } from "./outbound-ports.js";
import { OUTBOUND_MAX_ATTEMPTS } from "./outbound-timing.js";
import { sendTwoStepWriteBack } from "./two-step-write-back.js";
import { signedWebhookHeaders } from "./webhook-signature.js";

/** A queue message as SQS and the local queue hand it over, with how often it has been received so far. */
export interface OutboundRecord {
  messageId: string;
  body: string;
  receiveCount: number;
}

/** The same delivery id for every fan-out of one event to one webhook, so a retried fan-out stores it once. */
export const deliveryIdOf = (eventId: string, webhookId: string) =>
  `dlv_${createHash("sha256").update(`${eventId}\n${webhookId}`).digest("base64url").slice(0, 24)}`;

const isWriteBack = (format: string): format is WriteBackFormat =>
  (WRITE_BACK_FORMATS as readonly string[]).includes(format);

/**
 * The request a webhook receives for an event, in its format; undefined when the format has nothing to say (a chat
 * alert for a good rating, a write-back for anything but a rating) or the event is of a ticket from another source.
 */
export function renderWebhookRequest(
  webhook: Pick<Webhook, "format" | "url" | "source">,
  event: OutboundEvent,
): { method: DeliveryMethod; url: string; body: string } | undefined {
  if (webhook.source !== null && "source" in event.data && event.data.source !== webhook.source)
    return undefined;
  if (isWriteBack(webhook.format)) {
    const request = writeBackRequest(webhook.format, webhook.url, event);
    return request && { ...request, body: JSON.stringify(request.body) };
  }
  const message =
    webhook.format === "pulse"
      ? event
      : webhook.format === "slack"
        ? renderSlackMessage(event)
        : renderTeamsMessage(event);
  return message === undefined
    ? undefined
    : { method: "POST", url: webhook.url, body: JSON.stringify(message) };
}

const isTwoStep = (format: string) => (TWO_STEP_WRITE_BACKS as readonly string[]).includes(format);

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/**
 * The outbound function's consumer: turns each message into events, fans each event out to the webhooks that want it
 * (one stored delivery each), and POSTs every delivery not yet delivered, logging each try. A message with a failed
 * delivery is reported failed, so the queue brings it back after a growing wait and only what failed is tried again;
 * after `maxAttempts` receives it is marked failed in the log, where a head may redeliver it.
 */
export function makeOutboundConsumer(deps: {
  webhooks: WebhookRepository;
  surveys: Pick<SurveyRepository, "getSurvey">;
  followUps: Pick<FollowUpRepository, "get">;
  poster: WebhookPoster;
  clock: Clock;
  log?: Log;
  maxAttempts?: number;
  /** Elapsed milliseconds, for each try's duration. */
  elapsed?: () => number;
}) {
  const { webhooks, poster, clock } = deps;
  const log = deps.log ?? silentLog;
  const maxAttempts = deps.maxAttempts ?? OUTBOUND_MAX_ATTEMPTS;
  const elapsed = deps.elapsed ?? (() => performance.now());

  /** The events a rating message stands for, from the survey as stored. */
  async function ratingEvents(
    message: Extract<OutboundMessage, { kind: "rating" }>,
  ): Promise<OutboundEvent[]> {
    const survey = await deps.surveys.getSurvey(message.surveyId);
    if (!survey?.response) {
      log.warn("Rating event for a survey without a rating", { surveyId: message.surveyId });
      return [];
    }
    const { response, dimensions } = survey;
    const events: OutboundEvent[] = [
      {
        id: `evt_rating_${survey.surveyId}_${message.version}`,
        type: message.previousScore === undefined ? "rating.recorded" : "rating.changed",
        timestamp: response.respondedAt,
        data: {
          surveyId: survey.surveyId,
          source: survey.source,
          ticketId: survey.ticketId,
          ticketTitle: survey.title || null,
          ticketUrl: survey.ticketUrl ?? null,
          service: dimensions.service ?? null,
          agent: dimensions.agent ?? null,
          assignmentGroup: dimensions.assignmentGroup ?? null,
          score: message.score as Score,
          previousScore: (message.previousScore as Score | undefined) ?? null,
          comment: response.comment ?? null,
          reasons: response.reasons,
          respondedAt: response.respondedAt,
        },
      },
    ];
    if (message.followUp) {
      const followUp = await deps.followUps.get(survey.surveyId);
      if (followUp) {
        events.push({
          id: `evt_follow-up-${message.followUp}_${survey.surveyId}_${message.version}`,
          type: message.followUp === "opened" ? "follow-up.opened" : "follow-up.resolved",
          timestamp: followUp.updatedAt,
          data: {
            caseId: followUp.id,
            ticketId: followUp.ticketId ?? survey.ticketId,
            service: followUp.service,
            rating: followUp.rating,
            status: followUp.status,
            dueAt: followUp.dueAt,
            ticketUrl: followUp.ticketUrl ?? null,
          },
        });
      }
    }
    return events;
  }

  /**
   * Stores one delivery per interested webhook (once, whatever the retries), named by the survey it is about so that
   * an erasure finds it, and returns those still to send.
   */
  async function fanOut(
    events: readonly OutboundEvent[],
    all: readonly Webhook[],
    surveyId: string | null,
  ): Promise<Array<[WebhookDelivery, Webhook]>> {
    const now = clock.now().toISOString();
    const work: Array<[WebhookDelivery, Webhook]> = [];
    for (const event of events) {
      for (const webhook of all.filter((candidate) => candidate.events.includes(event.type))) {
        const request = renderWebhookRequest(webhook, event);
        if (request === undefined) continue;
        const delivery: WebhookDelivery = {
          id: deliveryIdOf(event.id, webhook.id),
          webhookId: webhook.id,
          eventId: event.id,
          eventType: event.type,
          ...request,
          status: "pending",
          attempts: [],
          createdAt: now,
          updatedAt: now,
          surveyId,
          erasedAt: null,
        };
        const outcome = await webhooks.createDelivery(delivery, {
          unlessErased: carriesRequesterData(event.type),
        });
        // Read before the requester's erasure, stored after it: the event is neither kept nor sent.
        if (outcome === "erased") {
          log.info("Webhook delivery not stored: its requester's data was erased", {
            webhookId: webhook.id,
            eventId: event.id,
          });
          continue;
        }
        const stored = outcome === "created" ? delivery : await webhooks.getDelivery(delivery.id);
        if (stored && stored.status === "pending" && stored.erasedAt === null) work.push([stored, webhook]);
      }
    }
    return work;
  }

  /** One try of one delivery, logged; true when the receiver took it. */
  async function attempt(delivery: WebhookDelivery, webhook: Webhook, final: boolean): Promise<boolean> {
    const at = clock.now();
    const started = elapsed();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // Never signed with, nor sending, a secret that did not open: the try fails with the reason instead.
      if (webhook.unreadableSecrets !== undefined) throw new Error(webhook.unreadableSecrets);
      const headers = {
        "content-type": "application/json",
        "user-agent": "Pulse-Webhooks/1",
        ...signedWebhookHeaders({ secret: webhook.secret, id: delivery.id, at, body: delivery.body }),
        ...(webhook.authorization ? { authorization: webhook.authorization } : {}),
      };
      if (isTwoStep(webhook.format)) {
        ({ statusCode, error } = await sendTwoStepWriteBack({ delivery, webhook, poster, headers, log }));
      } else {
        statusCode = (await poster.post(delivery.url, delivery.body, headers, delivery.method)).statusCode;
        if (statusCode < 200 || statusCode > 299) error = `The receiver answered ${statusCode}`;
      }
    } catch (cause) {
      error = errorText(cause);
    }
    const durationMs = Math.max(0, Math.round(elapsed() - started));
    const ok = error === null;
    const status = ok ? "delivered" : final ? "failed" : "pending";
    await webhooks.recordAttempt(
      delivery.id,
      { at: at.toISOString(), statusCode, error, durationMs },
      status,
      clock.now().toISOString(),
    );
    const fields = { deliveryId: delivery.id, webhookId: webhook.id, eventId: delivery.eventId, statusCode };
    if (ok) log.info("Webhook delivered", fields);
    else if (final) log.error("Webhook delivery failed for good", { ...fields, error });
    else log.warn("Webhook delivery failed; it will be tried again", { ...fields, error });
    return ok;
  }

  /**
   * The work less the deliveries quoting a requester whose data was erased, which are emptied instead of sent. An
   * erasure finds a survey's deliveries on an index that lags a moment behind the table, so it may miss one stored
   * just before it. Each survey is read once, however many webhooks its deliveries go to.
   */
  async function withoutErased(
    work: Array<[WebhookDelivery, Webhook]>,
  ): Promise<Array<[WebhookDelivery, Webhook]>> {
    const quotes = (delivery: WebhookDelivery) =>
      carriesRequesterData(delivery.eventType) && delivery.surveyId !== null;
    const erased = new Set<string | null>();
    for (const surveyId of new Set(work.filter(([delivery]) => quotes(delivery)).map(([d]) => d.surveyId))) {
      if (surveyId !== null && (await deps.surveys.getSurvey(surveyId))?.anonymisedAt !== undefined)
        erased.add(surveyId);
    }
    const kept: Array<[WebhookDelivery, Webhook]> = [];
    for (const [delivery, webhook] of work) {
      if (!quotes(delivery) || !erased.has(delivery.surveyId)) {
        kept.push([delivery, webhook]);
        continue;
      }
      await webhooks.eraseDelivery(delivery.id, clock.now().toISOString());
      log.info("Webhook delivery emptied, not sent: its requester's data was erased", {
        deliveryId: delivery.id,
        webhookId: webhook.id,
      });
    }
    return kept;
  }

  /** What one message asks for: the deliveries to try now. */
  async function workOf(message: OutboundMessage): Promise<Array<[WebhookDelivery, Webhook]>> {
    if (message.kind === "rating") {
      const all = await webhooks.list();
      // With no webhook for ratings or cases, the survey need not even be read.
      const wanted = all.some((webhook) =>
        webhook.events.some(
          (type) => type.startsWith("rating.") || (message.followUp && type.startsWith("follow-up.")),
        ),
      );
      return wanted ? fanOut(await ratingEvents(message), all, message.surveyId) : [];
    }
    if (message.kind === "event")
      return fanOut([message.event], await webhooks.list(), message.surveyId ?? null);
    const delivery = await webhooks.getDelivery(message.deliveryId);
    // An erased body is never sent: the requester's data went with it.
    if (delivery?.status !== "pending" || delivery.erasedAt !== null) return [];
    const webhook = await webhooks.get(delivery.webhookId);
    if (!webhook) {
      await webhooks.setStatus(delivery.id, "failed", clock.now().toISOString());
      return [];
    }
    return [[delivery, webhook]];
  }

  return async function consumeOutbound(records: readonly OutboundRecord[]): Promise<MailBatchResult> {
    const failures: Array<{ itemIdentifier: string }> = [];
    await Promise.all(
      records.map(async (record) => {
        try {
          const work = await withoutErased(await workOf(parseOutboundMessage(record.body)));
          const final = record.receiveCount >= maxAttempts;
          const results = await Promise.all(
            work.map(([delivery, webhook]) => attempt(delivery, webhook, final)),
          );
          if (!final && results.includes(false)) failures.push({ itemIdentifier: record.messageId });
        } catch (error) {
          log.error("Outbound message not handled", { messageId: record.messageId, error: errorText(error) });
          failures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
}

export type OutboundConsumer = ReturnType<typeof makeOutboundConsumer>;
