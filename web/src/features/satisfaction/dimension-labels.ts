import type { Dimension } from "../../api/types.js";
import type { MessageKey } from "../../i18n/messages.js";

/** The UI label of each reporting dimension. */
export const DIMENSION_LABELS: Record<Dimension, MessageKey> = {
  service: "dimService",
  category: "dimCategory",
  assignmentGroup: "dimAssignmentGroup",
  agent: "dimAgent",
  priority: "dimPriority",
  channel: "dimChannel",
  slaBreached: "dimSlaBreached",
};

/** The UI label of each control-chart signal type. */
export const SIGNAL_LABELS: Record<string, MessageKey> = {
  "beyond-limits": "signalBeyond",
  run: "signalRun",
  trend: "signalTrend",
  "cusum-down": "signalCusumDown",
  "cusum-up": "signalCusumUp",
};
