import type { ManageWebhooks } from "../../app/outbound/manage-webhooks.js";
import type { Handlers } from "../contract/mount.js";
import type { webhooksContracts } from "../contracts/webhooks.js";

/** Registering webhooks, reading their delivery log and redelivering. */
export function webhooksHandlers(deps: {
  manageWebhooks: ManageWebhooks;
}): Handlers<typeof webhooksContracts> {
  const { manageWebhooks } = deps;
  return {
    createWebhook: async ({ body, user }) => ({
      status: 201,
      body: await manageWebhooks.register(body, user.name),
    }),
    listWebhooks: async () => ({
      status: 200,
      body: { items: await manageWebhooks.list() },
    }),
    deleteWebhook: async ({ params }) => {
      await manageWebhooks.remove(params.webhookId);
      return { status: 204 };
    },
    listWebhookDeliveries: async ({ params, query }) => ({
      status: 200,
      body: { items: await manageWebhooks.deliveries(params.webhookId, query.limit ?? 50) },
    }),
    redeliverWebhookDelivery: async ({ params }) => ({
      status: 202,
      body: await manageWebhooks.redeliver(params.webhookId, params.deliveryId),
    }),
  };
}
