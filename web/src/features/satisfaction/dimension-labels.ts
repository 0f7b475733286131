import type { ControlSummary, Dimension } from "../../api/types.js";
import type { MessageKey } from "../../i18n/messages.js";

/** The UI label of each reporting dimension. */
export const DIMENSION_LABELS: Record<Dimension, MessageKey> = {
  service: "dimService",
  category: "dimCategory",
  assignmentGroup: "dimAssignmentGroup",
  agent: "dimAgent",
  supplier: "dimSupplier",
  priority: "dimPriority",
  channel: "dimChannel",
  slaBreached: "dimSlaBreached",
};

/** The UI label of each control-chart signal type the API reports. */
export const SIGNAL_LABELS: Record<ControlSummary["signals"][number]["type"], MessageKey> = {
  "beyond-limits": "signalBeyond",
  "cusum-down": "signalCusumDown",
  "cusum-up": "signalCusumUp",
};
