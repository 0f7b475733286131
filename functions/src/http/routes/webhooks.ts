import type { ManageWebhooks } from "../../app/outbound/manage-webhooks.js";
import { route } from "../contract/mount.js";
import { webhooksContracts as contracts } from "../contracts/webhooks.js";

/** Registering webhooks, reading their delivery log and redelivering. */
export function webhooksRoutes(deps: { manageWebhooks: ManageWebhooks }) {
  const { manageWebhooks } = deps;
  return [
    route(contracts.createWebhook).handle(async ({ body, user }) => ({
      status: 201,
      body: await manageWebhooks.register(body, user.name),
    })),
    route(contracts.listWebhooks).handle(async () => ({
      status: 200,
      body: { items: await manageWebhooks.list() },
    })),
    route(contracts.deleteWebhook).handle(async ({ params }) => {
      await manageWebhooks.remove(params.webhookId);
      return { status: 204 };
    }),
    route(contracts.listWebhookDeliveries).handle(async ({ params, query }) => ({
      status: 200,
      body: { items: await manageWebhooks.deliveries(params.webhookId, query.limit ?? 50) },
    })),
    route(contracts.redeliverWebhookDelivery).handle(async ({ params }) => ({
      status: 202,
      body: await manageWebhooks.redeliver(params.webhookId, params.deliveryId),
    })),
  ];
}
