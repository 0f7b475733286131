import { DIMENSIONS, type DimensionValues } from "./dimensions.js";
import { dimensionsOf, type ResolvedTicket, type Survey, scoreOf } from "./survey.js";

/**
 * What a delivery for a ticket that already has a survey does to it:
 * - `same`: a retried or older delivery, answered with the survey as it stands;
 * - `revise`: the survey follows the ticket (its dimensions while unrated, its latest resolution while open);
 * - `reopen`: a later resolution after the survey closed, surveyed anew.
 */
export type Redelivery =
  | { kind: "same" }
  | { kind: "revise"; dimensions: DimensionValues; moved: boolean; lastResolvedAt: string | undefined }
  | { kind: "reopen" };

/** Whether a survey can no longer be rated: skipped, imported, or past its link's window. */
export function isClosed(survey: Survey, now: Date): boolean {
  return survey.status === "skipped" || !survey.expiresAt || now.getTime() >= Date.parse(survey.expiresAt);
}

/** Decides what a delivery of the ticket does to its stored survey, from the resolution times and the survey's state. */
export function decideRedelivery(survey: Survey, ticket: ResolvedTicket, now: Date): Redelivery {
  const delivered = Date.parse(ticket.resolvedAt);
  const latest = Date.parse(survey.lastResolvedAt ?? survey.resolvedAt);
  // An older resolution arriving late must not undo what a later one set.
  if (delivered < latest) return { kind: "same" };
  const later = delivered > latest;
  if (later && isClosed(survey, now)) return { kind: "reopen" };
  // A rating stays where it was given; before it, the survey follows the ticket to where it ended.
  const dimensions = scoreOf(survey) === undefined ? dimensionsOf(ticket) : survey.dimensions;
  const moved = DIMENSIONS.some((name) => dimensions[name] !== survey.dimensions[name]);
  if (!later && !moved) return { kind: "same" };
  return {
    kind: "revise",
    dimensions,
    moved,
    lastResolvedAt: later ? new Date(delivered).toISOString() : survey.lastResolvedAt,
  };
}
