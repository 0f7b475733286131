import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { makeDynamoTrendRepository } from "../../functions/src/adapters/dynamo/trend-repository.js";
import { trendUpdate } from "../../functions/src/adapters/dynamo/trend-updates.js";
import { addDays } from "../../functions/src/domain/calendar.js";
import { OVERALL } from "../../functions/src/domain/dimensions.js";
import type { Score, Survey } from "../../functions/src/domain/survey.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { startTestServices } from "../helpers/test-services.js";
import { aRatedSurvey } from "./analytics-fixtures.js";

const FROM = "2026-10-01";
const DAYS = 14;
const TO = addDays(FROM, DAYS - 1);

/** `count` rated surveys spread evenly over the fortnight, two services, scores cycling 1..5. */
function responses(count: number): Survey[] {
  return Array.from({ length: count }, (_, index) =>
    aRatedSurvey({
      id: `r${count}-${index}`,
      day: addDays(FROM, index % DAYS),
      service: index % 2 === 0 ? "Remote access" : "Email & calendar",
      score: ((index % 5) + 1) as Score,
    }),
  );
}

/** A table holding the aggregates of `count` responses, written through the same keys and shards as live writes. */
async function pulseWith(count: number) {
  const pulse = await startTestServices();
  await makeHistoryImporter(pulse.db, pulse.tableName)(responses(count), {
    storeSurveys: false,
    emptyTable: true,
  });
  return pulse;
}

describe("Trend read cost with sharded aggregates", () => {
  it("reads the same capacity for a fortnight's daily trend at 1,000 and at 100,000 responses", async () => {
    const costs: number[] = [];
    for (const count of [1_000, 100_000]) {
      const pulse = await pulseWith(count);
      const path = `/api/v1/metrics/satisfaction?from=${FROM}&to=${TO}&interval=day`;
      pulse.meter.reset();
      const trend = await callStaffApi(pulse, "analyst", "GET", path);
      costs.push(pulse.meter.read);
      expect(trend.status).toBe(200);
      expect(trend.body.totals.n).toBe(count);
    }
    const [small, large] = costs;
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  }, 120_000);

  it("sums aggregates written before sharding with the shards written since", async () => {
    const pulse = await startTestServices();
    // An item exactly as the release before sharding wrote it: no shard in its key.
    await pulse.db.send(
      new PutCommand({
        TableName: pulse.tableName,
        Item: {
          pk: "TREND#all",
          sk: `DAY#${FROM}`,
          type: "trend",
          day: FROM,
          value: "all",
          s4: 3,
          invited: 5,
        },
      }),
    );
    for (const shard of [0, 3, 7]) {
      await pulse.db.send(
        new UpdateCommand(trendUpdate(pulse.tableName, OVERALL, FROM, { s4: 1, s5: 2, invited: 3 }, shard)),
      );
    }
    const days = await makeDynamoTrendRepository(pulse.db, pulse.tableName).readSeries(OVERALL, FROM, TO);
    expect(days).toEqual([{ day: FROM, scores: [0, 0, 0, 6, 6], invited: 14, skipped: 0, skippedBy: {} }]);
  });
});
