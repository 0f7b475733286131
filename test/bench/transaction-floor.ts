/**
 * DynamoDB Local's own pace for the rating's write: the very transaction a first rating commits (the survey's
 * compare-and-set with every aggregate update on its shards), sent straight through the survey repository with a
 * fixed number in flight, without HTTP, page, nonce or decision in front of it. The product's rates are read against it.
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { surveyKey } from "../../functions/src/adapters/dynamo/keys.js";
import type { Score, Survey } from "../../functions/src/domain/survey.js";
import type { LocalPulse } from "../../infra/local/server.js";
import { inParallel } from "./measure.js";

/** What the floor run measured: completed transactions per second, and what each cost. */
export interface FloorResult {
  inFlight: number;
  transactions: number;
  perSecond: number;
  /** Write capacity DynamoDB reported per completed transaction. */
  writePerTransaction: number;
  /** Transactions cancelled by a conflict and sent again, per completed one. */
  cancelledPerTransaction: number;
}

/** Copies of a stored survey under new ids, stored as they are, so each takes one first rating. */
async function storeCopies(pulse: LocalPulse, model: Survey, count: number, tag: string): Promise<Survey[]> {
  const copies = Array.from(
    { length: count },
    (_, index): Survey => ({
      ...model,
      surveyId: `floor-${tag}-${index}-${model.surveyId}`,
      ticketId: `FLOOR-${tag}-${index}`,
      response: undefined,
    }),
  );
  const batches: Survey[][] = [];
  for (let i = 0; i < copies.length; i += 25) batches.push(copies.slice(i, i + 25));
  const tableName = pulse.services.config.TABLE_NAME;
  await inParallel(batches, 4, async (batch) => {
    let pending = batch.map((survey) => ({
      PutRequest: { Item: { ...surveyKey(survey.surveyId), type: "survey", ...survey } },
    }));
    while (pending.length > 0) {
      const result = await pulse.services.db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
  return copies;
}

/**
 * Commits `transactions` first ratings of copies of `model` with `inFlight` at a time, each sent again at once when a
 * conflict cancels it, and returns DynamoDB Local's rate for them.
 */
export async function measureTransactionFloor(
  pulse: LocalPulse,
  model: Survey,
  options: { inFlight: number; transactions: number },
): Promise<FloorResult> {
  const surveys = await storeCopies(pulse, model, options.transactions, String(options.inFlight));
  const respondedAt = new Date().toISOString();
  let next = 0;
  pulse.meter.reset();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      for (let index = next++; index < surveys.length; index = next++) {
        const survey = surveys[index] as Survey;
        const score = ((index % 5) + 1) as Score;
        for (;;) {
          const result = await pulse.services.surveys.saveResponse({
            survey,
            next: { score, reasons: [], mode: "deliberate", respondedAt, autoHits: [], changes: 0 },
            nonceId: `${Date.now().toString(36)}.${index}`,
            scoreBefore: undefined,
            scoreAfter: score,
          });
          if (result.kind === "saved") break;
          if (result.kind !== "conflict") throw new Error(`the floor's transaction answered ${result.kind}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    inFlight: options.inFlight,
    transactions: surveys.length,
    perSecond: surveys.length / seconds,
    writePerTransaction: pulse.meter.write / surveys.length,
    cancelledPerTransaction: pulse.meter.cancelled / surveys.length,
  };
}
