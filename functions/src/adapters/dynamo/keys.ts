import type { SeriesRef } from "../../domain/dimensions.js";

/** Key builders: every key of the table is spelled here and nowhere else. */

const part = (value: string) => encodeURIComponent(value);

export const surveyKey = (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: "SURVEY" });

export const ticketKey = (source: string, ticketId: string) => ({
  pk: `TICKET#${part(source)}#${part(ticketId)}`,
  sk: "TICKET",
});

export const tokenKey = (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" });

export const requesterKey = (key: string) => ({ pk: `REQUESTER#${key}`, sk: "PROFILE" });

export const settingsKey = (name: string) => ({ pk: "SETTINGS", sk: name });

/** The group a series belongs to, for listing all values of a dimension: `service`, or `service=Email|agent`. */
export function seriesScope(series: Pick<SeriesRef, "dimension" | "service">): string {
  return series.service === undefined
    ? series.dimension
    : `service=${part(series.service)}|${series.dimension}`;
}

/** The identity of one series, e.g. `all`, `service=Email`, or `service=Email|agent=jkowalski`. */
export function seriesId(series: SeriesRef): string {
  if (series.dimension === "all") return "all";
  const own = `${series.dimension}=${part(series.value)}`;
  return series.service === undefined ? own : `service=${part(series.service)}|${own}`;
}

/** One day of one series' satisfaction aggregates, with its place in the per-dimension listing index. */
export function trendKey(series: SeriesRef, day: string) {
  const key = { pk: `TREND#${seriesId(series)}`, sk: `DAY#${day}` };
  if (series.dimension === "all") return { key };
  return { key, listing: { gsi1pk: `TRENDS#${seriesScope(series)}`, gsi1sk: `${day}#${series.value}` } };
}

/** The listing of responses by the month of the resolved ticket, newest last. */
export const responseListingKey = (day: string, surveyId: string) => ({
  gsi1pk: `RESPONSES#${day.slice(0, 7)}`,
  gsi1sk: `${day}#${surveyId}`,
});
