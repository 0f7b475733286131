import {
  glpiSessionUrl,
  serviceNowNumberOf,
  serviceNowRecordUrl,
  sessionTokenOf,
  sysIdOf,
} from "../../domain/outbound/write-back.js";
import type { Log } from "../ports.js";
import type { Webhook, WebhookDelivery, WebhookPoster } from "./outbound-ports.js";

/** What one try came to: the status of the step that decided it (the failing one, or the last), or why it failed. */
export interface TryOutcome {
  statusCode: number | null;
  error: string | null;
}

const isSuccess = (statusCode: number) => statusCode >= 200 && statusCode <= 299;

/**
 * One try of a write-back that takes more than one call, logged as one try: ServiceNow's lookup of the record by its
 * number then the PATCH of its work notes; GLPI's session opened, the followup posted in it, the session closed. A step
 * that fails ends the try with that step's status; the next try starts again from the first step.
 */
export async function sendTwoStepWriteBack(deps: {
  delivery: WebhookDelivery;
  webhook: Webhook;
  poster: WebhookPoster;
  /** The headers every request of the delivery carries (content type, user agent, the delivery's signature). */
  headers: Record<string, string>;
  log: Log;
}): Promise<TryOutcome> {
  const { delivery, webhook, poster } = deps;
  // The tool's authorization goes only where the tool asks for it (GLPI: on initSession, not inside the session).
  const { authorization: _authorization, ...headers } = deps.headers;
  const authorization: Record<string, string> = webhook.authorization
    ? { authorization: webhook.authorization }
    : {};

  if (webhook.format === "servicenow") {
    const number = serviceNowNumberOf(delivery.url);
    const lookup = await poster.post(
      delivery.url,
      "",
      { accept: "application/json", "user-agent": headers["user-agent"] ?? "", ...authorization },
      "GET",
    );
    if (!isSuccess(lookup.statusCode))
      return {
        statusCode: lookup.statusCode,
        error: `The lookup of ${number} answered ${lookup.statusCode}`,
      };
    const sysId = sysIdOf(lookup.body ?? "");
    if (sysId === undefined)
      return { statusCode: lookup.statusCode, error: `ServiceNow has no record numbered ${number}` };
    const update = await poster.post(
      serviceNowRecordUrl(delivery.url, sysId),
      delivery.body,
      { ...headers, accept: "application/json", ...authorization },
      "PATCH",
    );
    return {
      statusCode: update.statusCode,
      error: isSuccess(update.statusCode) ? null : `The update of ${number} answered ${update.statusCode}`,
    };
  }

  // GLPI: every call names the API client by its App-Token; only initSession carries the user's token.
  const appToken: Record<string, string> = webhook.appToken ? { "app-token": webhook.appToken } : {};
  const opened = await poster.post(
    glpiSessionUrl(delivery.url, "initSession"),
    "",
    { accept: "application/json", "user-agent": headers["user-agent"] ?? "", ...authorization, ...appToken },
    "GET",
  );
  if (!isSuccess(opened.statusCode))
    return { statusCode: opened.statusCode, error: `initSession answered ${opened.statusCode}` };
  const sessionToken = sessionTokenOf(opened.body ?? "");
  if (sessionToken === undefined)
    return { statusCode: opened.statusCode, error: "initSession answered without a session_token" };
  const session = { "session-token": sessionToken, ...appToken };
  try {
    const posted = await poster.post(
      delivery.url,
      delivery.body,
      { ...headers, accept: "application/json", ...session },
      "POST",
    );
    return {
      statusCode: posted.statusCode,
      error: isSuccess(posted.statusCode) ? null : `The followup answered ${posted.statusCode}`,
    };
  } finally {
    // The followup stands whatever killSession answers: a session left open expires on GLPI's own timeout.
    await poster
      .post(
        glpiSessionUrl(delivery.url, "killSession"),
        "",
        { "user-agent": headers["user-agent"] ?? "", ...session },
        "GET",
      )
      .then(({ statusCode }) => {
        if (!isSuccess(statusCode))
          deps.log.warn("GLPI session not closed", { deliveryId: delivery.id, statusCode });
      })
      .catch((error: unknown) =>
        deps.log.warn("GLPI session not closed", {
          deliveryId: delivery.id,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }
}
