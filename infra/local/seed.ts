import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { periodsOf } from "../../functions/src/app/analytics/target-period.js";
import type { Services } from "../../functions/src/composition.js";
import { localDay } from "../../functions/src/domain/calendar.js";
import { generateDemoHistory } from "./demo-data.js";
import { seedDemoRegister } from "./demo-register.js";
import { type SeedProgress, startSeedProgress } from "./seed-progress.js";

/**
 * Seeds the demo organisation into an empty table: 120 days of tickets and ratings written in bulk with the aggregates
 * computed once, and beside them the register and the targets, reporting the share written as it goes.
 */
export async function seedDemo(
  services: Services,
  log: (line: string) => void,
  given?: SeedProgress,
): Promise<{ surveys: number; seconds: number }> {
  const started = Date.now();
  const progress = given ?? startSeedProgress(log);
  try {
    const today = localDay(new Date(), services.config.ORG_TIMEZONE);
    const history = generateDemoHistory({ today });
    const importHistory = makeHistoryImporter(services.db, services.config.TABLE_NAME);
    progress.step(
      `seeding demo organisation, ${history.surveys.length} surveys with their aggregates, initiatives and follow-up cases`,
    );
    // The register and the targets are a hundred-odd items against the history's thousands and touch none of them:
    // written beside the bulk load, nobody waits for them after it.
    const [, register, targets] = await Promise.all([
      importHistory(history.surveys, { emptyTable: true, onProgress: progress.update }),
      seedDemoRegister(services, history),
      seedDemoTargets(services, today),
    ]);
    log(`  seeded ${register.initiatives} initiatives and ${register.followUps} follow-up cases`);
    log(`  seeded ${targets} csat targets and the digest recipients`);
    return { surveys: history.surveys.length, seconds: (Date.now() - started) / 1000 };
  } finally {
    // A caller's progress goes on with its own next steps.
    if (!given) progress.stop();
  }
}

/** Demo csat targets for this quarter and year, overall and for two services, and a head who gets the digest. */
async function seedDemoTargets(services: Services, today: string): Promise<number> {
  const [quarter, year] = periodsOf(today);
  const targets = [
    { service: null, period: year, value: 0.85 },
    { service: null, period: quarter, value: 0.85 },
    { service: "Remote access", period: quarter, value: 0.85 },
    { service: "Printing", period: quarter, value: 0.8 },
  ];
  for (const target of targets) await services.analytics.targets.set(target, "demo seed");
  await services.analytics.digestMail.setRecipients(["head@example.com"], "demo seed");
  return targets.length;
}
