import { describe, expect, it } from "vitest";
import { trendDayRange, trendKey } from "../../../functions/src/adapters/dynamo/keys.js";
import { TREND_SHARDS, trendShard } from "../../../functions/src/adapters/dynamo/trend-shards.js";
import {
  type DimensionValues,
  OVERALL,
  type SeriesRef,
  seriesFor,
} from "../../../functions/src/domain/dimensions.js";
import { seededRandom } from "../../../infra/local/demo-data.js";

const SERVICE: SeriesRef = { dimension: "service", value: "Remote access" };
const AGENT: SeriesRef = { dimension: "agent", value: "jkowalski", service: "Remote access" };

describe("Aggregate shards", () => {
  it("keep the key that aggregates written before sharding have, as shard 0, so an upgrade reads them unchanged", () => {
    expect(trendKey(OVERALL, "2026-11-20", 0)).toEqual({ key: { pk: "TREND#all", sk: "DAY#2026-11-20" } });
    expect(trendKey(SERVICE, "2026-11-20")).toEqual({
      key: { pk: "TREND#service=Remote%20access", sk: "DAY#2026-11-20" },
      listing: { gsi1pk: "TRENDS#service", gsi1sk: "2026-11-20#Remote access" },
    });
  });

  it("sort every shard of a day inside that day's range and outside the neighbouring days'", () => {
    const sortKeys = [0, 1, 7].map((shard) => trendKey(OVERALL, "2026-11-20", shard).key.sk);
    const day = trendDayRange("2026-11-20", "2026-11-20");
    expect(sortKeys.every((sk) => sk >= day.from && sk <= day.to)).toBe(true);
    const before = trendDayRange("2026-11-19", "2026-11-19");
    const after = trendDayRange("2026-11-21", "2026-11-21");
    expect(sortKeys.some((sk) => sk <= before.to || sk >= after.from)).toBe(false);
    const listing = trendKey(SERVICE, "2026-11-20", 5).listing;
    expect(listing?.gsi1sk).toBe("2026-11-20#Remote access#5");
  });

  it("send every write of one survey to the same shard, within the series' shard count", () => {
    for (const series of [OVERALL, SERVICE, AGENT]) {
      const shard = trendShard(series, "0b6f1c2e-survey");
      expect(trendShard(series, "0b6f1c2e-survey")).toBe(shard);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(TREND_SHARDS[series.dimension]);
    }
    expect(trendShard(AGENT, "any survey")).toBe(0);
  });

  it("spread 8,000 surveys over the overall series' 8 shards within 10% of an even share each", () => {
    const counts = new Array<number>(TREND_SHARDS.all).fill(0);
    for (let index = 0; index < 8_000; index++) {
      const shard = trendShard(OVERALL, `survey-${index.toString(36)}-${(index * 7919) % 10_007}`);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(900);
    expect(Math.max(...counts)).toBeLessThan(1_100);
  });
});

describe("Aggregate shards under concurrent ratings (simulation, seed 11, 4,000 runs)", () => {
  // An organisation of 12 services, 40 categories, 25 groups, 150 agents, mostly P3, mostly within SLA.
  function aTicket(random: ReturnType<typeof seededRandom>): DimensionValues {
    const pick = (count: number) => Math.floor(random.next() * count);
    const priority = random.next();
    return {
      service: `service-${pick(12)}`,
      category: `category-${pick(40)}`,
      assignmentGroup: `group-${pick(25)}`,
      agent: `agent-${pick(150)}`,
      priority: priority < 0.05 ? "P1" : priority < 0.2 ? "P2" : priority < 0.8 ? "P3" : "P4",
      channel: `channel-${pick(3)}`,
      slaBreached: random.next() < 0.9 ? "met" : "breached",
    };
  }
  /** The aggregate items one rating's transaction writes, with its shards or as if unsharded. */
  function itemsOf(ticket: DimensionValues, surveyId: string, sharded: boolean): Set<string> {
    return new Set(
      seriesFor(ticket).map((series) => {
        const { key } = trendKey(series, "2026-11-20", sharded ? trendShard(series, surveyId) : 0);
        return `${key.pk} ${key.sk}`;
      }),
    );
  }
  /** The share of runs in which a rating shares an item with one of the others committed at the same moment. */
  function collisionRate(inFlight: number, sharded: boolean): number {
    const random = seededRandom(11);
    let collided = 0;
    const runs = 4_000;
    for (let run = 0; run < runs; run++) {
      const batch = Array.from({ length: inFlight }, () => {
        const surveyId = `${random.next().toString(36).slice(2)}${random.next().toString(36).slice(2)}`;
        return itemsOf(aTicket(random), surveyId, sharded);
      });
      const [first, ...others] = batch as [Set<string>, ...Set<string>[]];
      if (others.some((other) => [...first].some((item) => other.has(item)))) collided += 1;
    }
    return collided / runs;
  }

  it("two ratings committed at the same moment share an item in about one case in seven, not every time", () => {
    expect(collisionRate(2, false)).toBe(1);
    const sharded = collisionRate(2, true);
    expect(sharded).toBeGreaterThan(0.11);
    expect(sharded).toBeLessThan(0.17);
  });

  it("five ratings committed at once leave about half of them clear of the others, where unsharded none is", () => {
    expect(collisionRate(5, false)).toBe(1);
    const sharded = collisionRate(5, true);
    expect(sharded).toBeGreaterThan(0.42);
    expect(sharded).toBeLessThan(0.52);
  });
});
