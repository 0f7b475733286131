import { randomBytes } from "node:crypto";
import { DomainError } from "../../domain/errors.js";
import {
  type OutboundEventType,
  type WebhookFormat,
  WRITE_BACK_FORMATS,
} from "../../domain/outbound/outbound-event.js";
import { type WebhookTargets, webhookUrlProblem } from "../../domain/outbound/webhook-target.js";
import { TICKET_ID_PLACEHOLDER } from "../../domain/outbound/write-back.js";
import type { Clock } from "../ports.js";
import { serviceBusy } from "../retry-policy.js";
import type { OutboundQueue, Webhook, WebhookDelivery, WebhookRepository } from "./outbound-ports.js";
import { generateWebhookSecret } from "./webhook-signature.js";

/** A webhook as the API shows it: everything but its secrets (the signing secret, the tool's authorization). */
export type WebhookView = Omit<Webhook, "secret" | "authorization" | "appToken" | "unreadableSecrets">;

const viewOf = ({
  secret: _secret,
  authorization: _authorization,
  appToken: _appToken,
  unreadableSecrets: _unreadable,
  ...view
}: Webhook): WebhookView => view;

/**
 * What a write-back registration lacks, field by field. A ServiceNow webhook names the instance (the Table API paths
 * are Pulse's to build), a GLPI one GLPI's `apirest.php` with the user's token and the API client's App-Token (GLPI
 * opens no session without them); the one-call presets hold `{ticketId}` in their URL.
 */
function writeBackProblems(input: {
  url: string;
  format: WebhookFormat;
  authorization?: string | undefined;
  appToken?: string | undefined;
}): Array<{ field: string; message: string }> {
  if (input.format === "servicenow") {
    return /[?#]|\{ticketId\}/.test(input.url)
      ? [{ field: "url", message: "must be the instance's address, e.g. https://acme.service-now.com" }]
      : [];
  }
  if (input.format === "glpi") {
    const problems: Array<{ field: string; message: string }> = [];
    if (!/\/apirest\.php\/?$/.test(input.url))
      problems.push({ field: "url", message: "must be GLPI's REST API, ending in /apirest.php" });
    if (!input.authorization)
      problems.push({
        field: "authorization",
        message: "GLPI needs the user's token, as `user_token <token>`",
      });
    if (!input.appToken)
      problems.push({ field: "appToken", message: "GLPI needs the App-Token of its API client" });
    return problems;
  }
  if (!(WRITE_BACK_FORMATS as readonly string[]).includes(input.format)) return [];
  if (!input.url.includes(TICKET_ID_PLACEHOLDER))
    return [{ field: "url", message: `must hold ${TICKET_ID_PLACEHOLDER} where the ticket's id goes` }];
  // Only the path may hold the ticket's id: in the host, a ticket id would choose the server the rating goes to.
  const pathStart = input.url.indexOf("/", input.url.indexOf("//") + 2);
  if (pathStart < 0 || input.url.indexOf(TICKET_ID_PLACEHOLDER) < pathStart)
    return [{ field: "url", message: `must hold ${TICKET_ID_PLACEHOLDER} in its path, not its host` }];
  return [];
}

/** A delivery as the API shows it: its log, without the body's bytes. */
export type DeliveryView = Omit<WebhookDelivery, "body">;

const deliveryView = ({ body: _body, ...view }: WebhookDelivery): DeliveryView => view;

/** Heads register webhooks, read their delivery log and send a delivery again. */
export function makeManageWebhooks(deps: {
  webhooks: WebhookRepository;
  queue: OutboundQueue;
  clock: Clock;
  targets: WebhookTargets;
}) {
  const { webhooks, queue, clock } = deps;

  async function webhookOf(id: string): Promise<Webhook> {
    const found = await webhooks.get(id);
    if (!found) throw new DomainError("not-found", `There is no webhook ${id}`, { id });
    return found;
  }

  return {
    /** Registers a webhook; the answer carries its signing secret, which is never shown again. */
    async register(
      input: {
        url: string;
        events: OutboundEventType[];
        format: WebhookFormat;
        description?: string | undefined;
        source?: string | undefined;
        authorization?: string | undefined;
        appToken?: string | undefined;
      },
      actor: string,
    ): Promise<{ webhook: WebhookView; secret: string }> {
      const writeBack = (WRITE_BACK_FORMATS as readonly string[]).includes(input.format);
      const problem = webhookUrlProblem(input.url, deps.targets);
      if (problem) {
        throw new DomainError("validation", `The webhook URL ${problem}`, {
          fields: [{ field: "url", message: problem }],
        });
      }
      const problems = writeBackProblems(input);
      if (problems.length > 0) {
        throw new DomainError(
          "validation",
          `The ${input.format} webhook ${problems.map((each) => `${each.field} ${each.message}`).join("; ")}`,
          { fields: problems },
        );
      }
      const webhook: Webhook = {
        id: `wh_${randomBytes(12).toString("base64url")}`,
        url: input.url,
        events: [...new Set(input.events)],
        format: input.format,
        description: input.description ?? null,
        // A write-back reaches only tickets of its own tool, unless the head names the source intake gives them.
        source: (input.source ?? (writeBack ? input.format : undefined))?.toLowerCase() ?? null,
        authorization: input.authorization ?? null,
        appToken: input.appToken ?? null,
        secret: generateWebhookSecret(),
        createdAt: clock.now().toISOString(),
        createdBy: actor,
      };
      await webhooks.create(webhook);
      return { webhook: viewOf(webhook), secret: webhook.secret };
    },

    async list(): Promise<WebhookView[]> {
      return (await webhooks.list()).map(viewOf);
    },

    async remove(id: string): Promise<void> {
      if (!(await webhooks.remove(id)))
        throw new DomainError("not-found", `There is no webhook ${id}`, { id });
    },

    /** A webhook's latest deliveries with every try, newest first. */
    async deliveries(id: string, limit: number): Promise<DeliveryView[]> {
      await webhookOf(id);
      return (await webhooks.listDeliveries(id, limit)).map(deliveryView);
    },

    /** Sends a delivery again, with the same body and id, whatever became of it before, unless its body was erased. */
    async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryView> {
      await webhookOf(webhookId);
      const delivery = await webhooks.getDelivery(deliveryId);
      if (!delivery || delivery.webhookId !== webhookId) {
        throw new DomainError("not-found", `Webhook ${webhookId} has no delivery ${deliveryId}`, {
          id: deliveryId,
        });
      }
      if (delivery.erasedAt !== null) {
        throw new DomainError(
          "delivery-erased",
          `Delivery ${deliveryId} was erased with the requester's data at ${delivery.erasedAt}: not sent again`,
          { id: deliveryId, erasedAt: delivery.erasedAt },
        );
      }
      const at = clock.now().toISOString();
      // Pending first, so that the consumer, which sends pending deliveries only, sends it; if the queue refuses the
      // message the delivery gets back the status it had, not a pending nobody will ever send.
      await webhooks.setStatus(delivery.id, "pending", at);
      try {
        await queue.enqueue([{ kind: "delivery", deliveryId: delivery.id }]);
      } catch (error) {
        await webhooks.setStatus(delivery.id, delivery.status, delivery.updatedAt);
        throw serviceBusy(`Delivery ${deliveryId} could not be queued again; try again shortly`, error);
      }
      return deliveryView({ ...delivery, status: "pending", updatedAt: at });
    },
  };
}

export type ManageWebhooks = ReturnType<typeof makeManageWebhooks>;
