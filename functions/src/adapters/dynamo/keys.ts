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

/**
 * One shard of one day of one series' satisfaction aggregates, with its place in the per-dimension listing index.
 * Shard 0 has the key that unsharded aggregates always had, so items written before sharding read as shard 0; the
 * shards of a day sort together right after it.
 */
export function trendKey(series: SeriesRef, day: string, shard = 0) {
  const suffix = shard === 0 ? "" : `#${shard}`;
  const key = { pk: `TREND#${seriesId(series)}`, sk: `DAY#${day}${suffix}` };
  if (series.dimension === "all") return { key };
  return {
    key,
    listing: { gsi1pk: `TRENDS#${seriesScope(series)}`, gsi1sk: `${day}#${series.value}${suffix}` },
  };
}

/** The sort-key bounds that take in every shard of a series' aggregates from one day to another, in day order. */
export const trendDayRange = (from: string, to: string) => ({ from: `DAY#${from}`, to: `DAY#${to}#\uffff` });

/** The listing of responses by the month of the resolved ticket, newest last. */
export const responseListingKey = (day: string, surveyId: string) => ({
  gsi1pk: `RESPONSES#${day.slice(0, 7)}`,
  gsi1sk: `${day}#${surveyId}`,
});

/** An initiative's head item; its history entries and backlog entry share the partition. */
export const initiativeKey = (id: string) => ({ pk: `INITIATIVE#${id}`, sk: "INITIATIVE" });

/** The partition holding everything of one initiative, for reads and deletes of the whole. */
export const initiativePartition = (id: string) => `INITIATIVE#${id}`;

/** The small item of an initiative that the backlog lists and ranks, kept apart from long texts and history. */
export const initiativeBacklogKey = (id: string) => ({ pk: `INITIATIVE#${id}`, sk: "BACKLOG" });

/** The prefix of an initiative's history items, which sort by time, version and position in the change. */
export const INITIATIVE_HISTORY_PREFIX = "HISTORY#";

/** One history entry of an initiative. */
export const initiativeHistoryKey = (id: string, at: string, version: number, index: number) => ({
  pk: `INITIATIVE#${id}`,
  sk: `${INITIATIVE_HISTORY_PREFIX}${at}#${String(version).padStart(6, "0")}#${String(index).padStart(3, "0")}`,
});

/** The whole register in one listing partition, sorted by status then id. */
export const initiativeListingKey = (status: string, id: string) => ({
  gsi1pk: "INITIATIVES",
  gsi1sk: `${status}#${id}`,
});

/** The register by owner ("my initiatives"), sorted by status then id. */
export const initiativeOwnerListingKey = (owner: string, status: string, id: string) => ({
  gsi2pk: `INITIATIVES#OWNER#${part(owner)}`,
  gsi2sk: `${status}#${id}`,
});

/** The atomic counter that hands out the readable initiative ids. */
export const initiativeCounterKey = () => ({ pk: "COUNTER#INITIATIVE", sk: "COUNTER" });

/** A ranked backlog kept briefly so that the pages after the first read only what they show. */
export const backlogSnapshotKey = (snapshotId: string) => ({ pk: `BACKLOG#${snapshotId}`, sk: "SNAPSHOT" });

/** The follow-up case of one survey response (at most one per response). */
export const followUpKey = (surveyId: string) => ({ pk: `FOLLOWUP#${surveyId}`, sk: "FOLLOWUP" });

/** The follow-up queue (active or resolved), oldest due first. */
export const followUpQueueKey = (queue: "active" | "resolved", dueAt: string, id: string) => ({
  gsi1pk: `FOLLOWUPS#${queue}`,
  gsi1sk: `${dueAt}#${id}`,
});

/** One owner group's follow-up queue (active or resolved), oldest due first. */
export const followUpGroupQueueKey = (
  queue: "active" | "resolved",
  group: string,
  dueAt: string,
  id: string,
) => ({
  gsi2pk: `FOLLOWUPS#${queue}#GROUP#${part(group)}`,
  gsi2sk: `${dueAt}#${id}`,
});

/** A csat target; every target shares one partition, so listing them all is one query. */
export const targetKey = (period: string, service: string | null) => ({
  pk: "TARGETS",
  sk: `TARGET#${period}#${service === null ? "*" : `service=${part(service)}`}`,
});

/** The materialised themes of one service (or `*`, every service) in one month. */
export const themeSnapshotKey = (month: string, service: string) => ({
  pk: `THEMES#${month}`,
  sk: `SERVICE#${part(service)}`,
});

/** One part of the term counts of a service's (or every service's) comments in one month. */
export const themeTermsKey = (month: string, service: string, chunk: number) => ({
  pk: `THEMES#${month}`,
  sk: `TERMS#${part(service)}#${chunk}`,
});

/** The record that a month's digest went out, so a repeated schedule does not send it twice. */
export const digestSentKey = (month: string) => ({ pk: "DIGEST", sk: `SENT#${month}` });

/** The listing of surveys invited on a day and not answered yet, which the reminder job reads. */
export const awaitingReminderKey = (sentDay: string, surveyId: string) => ({
  gsi2pk: `AWAITING#${sentDay}`,
  gsi2sk: surveyId,
});

/** The listing of invitations still pending, by UTC day and instant of creation, which the sweep reads. */
export const pendingInvitationKey = (createdAt: string, surveyId: string) => ({
  pk: `PENDING#${createdAt.slice(0, 10)}`,
  sk: `${createdAt}#${surveyId}`,
});

/** A claimed or finished delivery of a mail that no survey holds (one recipient's digest of one month). */
export const deliveryKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: "DELIVERY" });

/** The erasure ledger: one item per erased address, keyed by the address's keyed hash only. */
export const erasureKey = (addressHash: string) => ({ pk: "ERASURES", sk: `ERASURE#${addressHash}` });

/** The partition of one month's theme snapshots and term counts, every service together. */
export const themeMonthPartition = (month: string) => `THEMES#${month}`;

/** One month of the audit log, entries sorted by time. */
export const auditKey = (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}` });

/** The registered webhooks share one partition: there are few, and the outbound function reads them all per event. */
export const webhookKey = (id: string) => ({ pk: "WEBHOOKS", sk: `WEBHOOK#${part(id)}` });

/** The partition and sort-key prefix that list every webhook. */
export const WEBHOOKS_PARTITION = { pk: "WEBHOOKS", skPrefix: "WEBHOOK#" } as const;

/** One delivery of one event to one webhook, with its log of tries. */
export const webhookDeliveryKey = (id: string) => ({ pk: `WEBHOOK-DELIVERY#${part(id)}`, sk: "DELIVERY" });

/** A webhook's deliveries, newest last by the time they were created. */
export const webhookDeliveryListingKey = (webhookId: string, createdAt: string, id: string) => ({
  gsi1pk: `WEBHOOK-DELIVERIES#${part(webhookId)}`,
  gsi1sk: `${createdAt}#${id}`,
});

/** The deliveries about one survey, so that erasing its requester finds them without a scan. */
export const webhookDeliverySurveyKey = (surveyId: string, createdAt: string, id: string) => ({
  gsi2pk: `WEBHOOK-DELIVERIES#SURVEY#${part(surveyId)}`,
  gsi2sk: `${createdAt}#${id}`,
});
