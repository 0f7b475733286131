import { composeErasureReplay } from "../../functions/src/composition/erasure-replay.js";
import { loadConfig } from "../../functions/src/config.js";

// `npm run reapply-erasures` after a restore from backup: with TABLE_NAME naming the restored table and
// PULSE_SECRETS_ARN its secrets, erases again every address in the erasure ledger that the restore brought back.
const config = loadConfig(process.env);
const requesterData = await composeErasureReplay(config);
const { surveys } = await requesterData.reapplyErasures();
process.stdout.write(`Erasure ledger re-applied: ${surveys} restored surveys anonymised again\n`);
