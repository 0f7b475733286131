import type { ImportHistory } from "../../app/responses/import-history.js";
import { DomainError } from "../../domain/errors.js";
import { HISTORY_IMPORT_LIMITS } from "../../domain/responses/history-csv.js";
import type { Handlers } from "../contract/mount.js";
import { HISTORY_IMPORT_MIB, type responseImportContracts } from "../contracts/response-import.js";

/** `POST /api/v1/responses/import`: past responses from another survey tool, checked in a dry run, stored whole. */
export function responseImportHandlers(deps: {
  importHistory: ImportHistory;
}): Handlers<typeof responseImportContracts> {
  return {
    importResponseHistory: async ({ query, body }) => {
      // Answered like a file of too many rows, before any row is parsed: the sender is told to split it.
      if (Buffer.byteLength(body, "utf8") > HISTORY_IMPORT_LIMITS.maxBytes) {
        throw new DomainError(
          "import-too-large",
          `The file is larger than ${HISTORY_IMPORT_MIB} MiB; split it`,
          {
            fields: [{ field: "file", message: `larger than ${HISTORY_IMPORT_MIB} MiB` }],
          },
        );
      }
      const dryRun = query.dryRun === "true";
      const report = await deps.importHistory(body, { dryRun });
      return dryRun ? { status: 200, body: report } : { status: 201, body: report };
    },
  };
}
