import { randomBytes } from "node:crypto";
import { DomainError } from "../../domain/errors.js";
import {
  type ImportPlan,
  type PlannedRow,
  planImport,
  type RejectedRow,
  readRegisterFile,
  registerToCsv,
} from "../../domain/initiatives/csv.js";
import {
  compareInitiativeIds,
  createInitiative,
  formatInitiativeId,
  parseInitiativeId,
} from "../../domain/initiatives/initiative.js";
import type { Clock, InitiativeRepository } from "../ports.js";
import { serviceBusy } from "../retry-policy.js";

/** What an import does with a row it accepts. */
export type ImportOutcome = PlannedRow["outcome"];

export interface ImportReport {
  dryRun: boolean;
  /** Rows stored, created or updated (0 in a dry run and whenever any row is rejected). */
  imported: number;
  counts: Record<ImportOutcome | "rejected", number>;
  /**
   * Every row the import takes, in file order: `version` is the one the initiative has after the import (1 when
   * created), `changes` the fields an update changes, as its history names them.
   */
  accepted: Array<{
    line: number;
    id: string | null;
    title: string;
    outcome: ImportOutcome;
    version: number;
    changes: string[];
  }>;
  rejected: RejectedRow[];
  columns: { mapped: Record<string, string>; ignored: string[]; missing: string[] };
}

/**
 * Export of the register as CSV, and import of a register file that is all-or-nothing: rows naming a stored
 * initiative update it (if they carry its current version), other rows create one. A file with any rejected row
 * stores nothing; otherwise every change is stored in chunked transactions marked with one import id, and a
 * failure part-way takes back what the earlier chunks wrote before answering.
 */
export function makeRegisterCsv(deps: { initiatives: InitiativeRepository; clock: Clock }) {
  const { initiatives, clock } = deps;

  return {
    /** The whole register as a spreadsheet-friendly CSV, in id order, each row with the version it was read at. */
    async exportCsv(): Promise<string> {
      const all = await initiatives.listAll();
      all.sort((a, b) => compareInitiativeIds(a.id, b.id));
      return registerToCsv(all);
    },

    /** Checks every row (dry run) or imports the file whole; a real import with a rejected row throws `import-rejected`. */
    async importCsv(csvText: string, options: { dryRun: boolean; actor: string }): Promise<ImportReport> {
      const now = clock.now().toISOString();
      const file = readRegisterFile(csvText);
      const named = file.rows.flatMap((row) => (row.id === null ? [] : [row.id]));
      const stored = named.length > 0 ? await initiatives.getHeads(named) : [];
      const plan = planImport(file, { stored, actor: options.actor, now });
      const report = reportOf(plan, options.dryRun);
      if (options.dryRun) return report;
      if (plan.rejected.length > 0 || plan.accepted.length === 0) {
        const why =
          plan.rejected.length > 0
            ? `${plan.rejected.length} of ${plan.rejected.length + plan.accepted.length} rows were rejected`
            : "the file holds no rows";
        throw new DomainError("import-rejected", `Nothing was imported: ${why}`, {
          accepted: report.accepted,
          rejected: report.rejected,
          columns: [plan.columns],
        });
      }

      const creations = plan.accepted.flatMap((row) => (row.outcome === "created" ? [row] : []));
      const updates = plan.accepted.flatMap((row) => (row.outcome === "updated" ? [row] : []));
      // Every row unchanged: there is nothing to store.
      if (creations.length + updates.length === 0) return report;

      const ids = new Map<number, string>();
      const withoutId = creations.filter((row) => row.id === null).length;
      if (creations.length > 0) {
        const highestChosen = Math.max(0, ...creations.map((row) => parseInitiativeId(row.id ?? "") ?? 0));
        let next = await initiatives.allocateSequence(withoutId, highestChosen);
        for (const row of creations) ids.set(row.line, row.id ?? formatInitiativeId(next++));
      }
      const records = creations.map((row) =>
        createInitiative(row.input, { id: ids.get(row.line) as string, actor: options.actor, now }),
      );
      const outcome = await initiatives.importAll(
        records,
        randomBytes(9).toString("base64url"),
        updates.map((row) => ({
          before: row.current,
          next: row.next,
          newEntries: row.next.history.slice(row.current.history.length),
        })),
      );
      if (outcome === "id-taken") {
        throw new DomainError(
          "already-exists",
          "Nothing was imported: an id in the file was taken by another change meanwhile; check and import again",
        );
      }
      if (outcome === "version-conflict") {
        const heads = await initiatives.getHeads(updates.map((row) => row.id));
        const latest = new Map(heads.map((head) => [head.id, head.version]));
        const changed = updates.filter((row) => latest.get(row.id) !== row.current.version);
        const names = changed.map((row) => row.id);
        throw new DomainError(
          "version-conflict",
          `Nothing was imported: ${names.join(", ") || "an initiative of the file"} changed while the file was ` +
            "imported; export again and redo the edit",
          { ids: names },
        );
      }
      if (outcome === "contended") {
        throw serviceBusy(
          "Importing the register met concurrent changes; nothing was stored, try again shortly.",
        );
      }
      return {
        ...report,
        imported: records.length + updates.length,
        accepted: report.accepted.map((row) => ({ ...row, id: ids.get(row.line) ?? row.id })),
      };
    },
  };
}

/** The report of a plan: every accepted row with what it does, every rejected row with why. */
function reportOf(plan: ImportPlan, dryRun: boolean): ImportReport {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: plan.rejected.length };
  const accepted = plan.accepted.map((row) => {
    counts[row.outcome] += 1;
    const after = row.outcome === "created" ? null : row.outcome === "updated" ? row.next : row.current;
    return {
      line: row.line,
      id: row.id,
      title: after?.title ?? row.input.title,
      outcome: row.outcome,
      version: after?.version ?? 1,
      changes:
        row.outcome === "updated"
          ? row.next.history.slice(row.current.history.length).map((e) => e.field)
          : [],
    };
  });
  return { dryRun, imported: 0, counts, accepted, rejected: plan.rejected, columns: plan.columns };
}

export type RegisterCsv = ReturnType<typeof makeRegisterCsv>;
