import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { compose } from "../../functions/src/composition.js";
import { loadConfig } from "../../functions/src/config.js";

// `npm run reapply-erasures` after a restore from backup: with TABLE_NAME naming the restored table (and its
// secrets, as the function gets them), erases again every address in the erasure ledger that the restore brought back.
const config = loadConfig(process.env);
const { requesterData } = await compose(config, { mailer: mailerFor(config) });
const { surveys } = await requesterData.reapplyErasures();
process.stdout.write(`Erasure ledger re-applied: ${surveys} restored surveys anonymised again\n`);
