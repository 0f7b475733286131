import type { SeriesRef } from "../../domain/dimensions.js";
import { trendKey } from "./keys.js";
import { TABLE } from "./table.js";

/** The UpdateItem input that adds counter deltas (s1..s5, invited, skipped...) to one shard of a series on one day. */
export function trendUpdate(
  tableName: string,
  series: SeriesRef,
  day: string,
  deltas: Record<string, number>,
  shard = 0,
) {
  const { key, listing } = trendKey(series, day, shard);
  const names = Object.keys(deltas);
  const attributeNames: Record<string, string> = {
    "#type": TABLE.entityType,
    "#day": "day",
    "#value": "value",
  };
  const values: Record<string, unknown> = { ":type": "trend", ":day": day, ":value": series.value };
  names.forEach((name, index) => {
    attributeNames[`#c${index}`] = name;
    values[`:d${index}`] = deltas[name];
  });
  let set = "#type = :type, #day = :day, #value = :value";
  if (listing) {
    set += ", gsi1pk = :gpk, gsi1sk = :gsk";
    values[":gpk"] = listing.gsi1pk;
    values[":gsk"] = listing.gsi1sk;
  }
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${set} ADD ${names.map((_, index) => `#c${index} :d${index}`).join(", ")}`,
    ExpressionAttributeNames: attributeNames,
    ExpressionAttributeValues: values,
  };
}
