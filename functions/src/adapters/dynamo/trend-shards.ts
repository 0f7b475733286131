import type { SeriesRef } from "../../domain/dimensions.js";

/**
 * How many items share the writes of one series on one day. A series that nearly every write touches (the whole
 * organisation, and the dimensions with a handful of values) is spread over 8, so two concurrent transactions meet on
 * its item an eighth as often and the series takes eight times the 1,000 WCU/s one item allows; a series that few
 * writes share (an agent) keeps one item, since more would only make its trend reads larger. Reads sum whatever shards
 * exist, so a count may be changed without migrating anything: items written under another count are still summed.
 */
export const TREND_SHARDS: Readonly<Record<SeriesRef["dimension"], number>> = {
  all: 8,
  service: 8,
  priority: 8,
  channel: 8,
  slaBreached: 8,
  category: 4,
  assignmentGroup: 4,
  supplier: 4,
  agent: 1,
};

// FNV-1a: stable across processes and releases, unlike anything seeded per process.
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * The shard of a series that a survey's counters go to, the same for every write of that survey: counters add, so
 * any shard would keep the sums right, but one shard per survey keeps each shard's counters a recount of its own
 * surveys, never negative when a rating is changed or withdrawn.
 */
export function trendShard(series: SeriesRef, surveyId: string): number {
  return hash(surveyId) % TREND_SHARDS[series.dimension];
}
