import { describe, expect, it } from "vitest";
import { trendDayRange, trendKey } from "../../../functions/src/adapters/dynamo/keys.js";
import { TREND_SHARDS, trendShard } from "../../../functions/src/adapters/dynamo/trend-shards.js";
import { OVERALL, type SeriesRef } from "../../../functions/src/domain/dimensions.js";

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
