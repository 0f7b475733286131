import type { TargetStatus } from "../../api/types.js";
import type { MessageKey } from "../../i18n/messages.js";

/** The words of each status a figure has against its target, the same on the overview and an initiative's KPIs. */
export const STATUS_LABELS: Record<TargetStatus, MessageKey> = {
  "on-track": "onTrack",
  "at-risk": "atRisk",
  "off-track": "offTrack",
  "too-few-responses": "tooFewResponses",
  "no-data": "statusNoData",
};
