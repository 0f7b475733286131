import { describe, expect, it } from "vitest";
import { trendKey } from "../../../functions/src/adapters/dynamo/keys.js";
import { trendShard } from "../../../functions/src/adapters/dynamo/trend-shards.js";
import { seriesFor } from "../../../functions/src/domain/dimensions.js";
import { generateDemoHistory } from "../../../infra/local/demo-data.js";

describe("The demo organisation's history", () => {
  const history = generateDemoHistory({ today: "2026-12-02" });

  it("counts a day's surveys on one shard of each series, so the first run writes one aggregate item per series and day", () => {
    const seriesDays = new Set<string>();
    const items = new Set<string>();
    for (const survey of history.surveys) {
      for (const series of seriesFor(survey.dimensions)) {
        seriesDays.add(trendKey(series, survey.day).key.pk + survey.day);
        const { key } = trendKey(series, survey.day, trendShard(series, survey.surveyId));
        items.add(`${key.pk} ${key.sk}`);
      }
    }
    expect(history.surveys.length).toBeGreaterThan(3_000);
    expect(items.size).toBe(seriesDays.size);
  });

  it("gives every survey its own id and every ticket its own number", () => {
    expect(new Set(history.surveys.map((survey) => survey.surveyId)).size).toBe(history.surveys.length);
    expect(new Set(history.surveys.map((survey) => survey.ticketId)).size).toBe(history.surveys.length);
  });

  it("has tickets worked by outside suppliers, rated, so the supplier breakdown shows them", () => {
    const rated = history.surveys.filter((survey) => survey.response?.score !== undefined);
    const suppliers = new Set(rated.map((survey) => survey.dimensions.supplier).filter(Boolean));
    expect(suppliers).toEqual(
      new Set(["Orange Polska", "Dell Technologies", "Konica Minolta Serwis", "Asseco Poland"]),
    );
    const share = rated.filter((survey) => survey.dimensions.supplier).length / rated.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.5);
  });

  it("is the same organisation on every machine and every run", () => {
    const again = generateDemoHistory({ today: "2026-12-02" });
    expect(again.surveys).toEqual(history.surveys);
  });
});
