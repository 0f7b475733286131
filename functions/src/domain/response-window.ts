import { addDays } from "./calendar.js";

/**
 * The last day on which a ticket resolved by `lastDay` can still be rated: its link stays open `windowDays` after the
 * invitation, and one day more covers a resolution late in the evening whose expiry falls on the next local day.
 * Figures for a period ending on `lastDay` are provisional until this day has passed.
 */
export function responsesCollectedBy(lastDay: string, windowDays: number): string {
  return addDays(lastDay, windowDays + 1);
}
