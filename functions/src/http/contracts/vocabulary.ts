/**
 * The vocabulary of the staff API, exported as part of its contract: the values its schemas enumerate, the smallest
 * sample it judges, and the staff-facing labels of the requesters' reason tags. The web app reads these from here,
 * never from the domain or i18n modules behind them, so one source stays the truth. The workflow is not here: each
 * initiative the API answers carries the steps its caller may take next (`nextStatuses`).
 */

import type { Locale } from "../../i18n/locale.js";
import { messagesFor } from "../../i18n/messages.js";
import { isReasonCode, REASON_CODES, type ReasonCode } from "../../i18n/reason-tags.js";

export { DIMENSIONS, type Dimension } from "../../domain/dimensions.js";
export { FOLLOW_UP_STATUSES } from "../../domain/follow-ups/follow-up-case.js";
export {
  BENEFIT_OUTCOMES,
  CLOSURE_CODES,
  GRAVEYARD_FLAGS,
  type GraveyardFlag,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  isOneOf,
  KPI_DIMENSIONS,
  MAX_SECONDARY_KPIS,
  PRIORITY_MODELS,
  RECORD_KINDS,
  TASK_STATES,
} from "../../domain/initiatives/fields.js";
/** Below this many judged responses a figure is marked as a small sample. */
export { MIN_JUDGED_RESPONSES } from "../../domain/statistics/targets.js";
export { REASON_CODES, type ReasonCode };

/** The label of a reason tag in a locale, the same words the requester ticked; an unknown code is shown as sent. */
export function reasonLabel(reason: string, locale: Locale): string {
  return isReasonCode(reason) ? messagesFor(locale).reasons[reason] : reason;
}
