import { randomBytes } from "node:crypto";
import { DomainError } from "../../domain/errors.js";
import { planImport, registerToCsv } from "../../domain/initiatives/csv.js";
import {
  compareInitiativeIds,
  createInitiative,
  type FieldError,
  formatInitiativeId,
  type Initiative,
  type InitiativeInput,
  parseInitiativeId,
} from "../../domain/initiatives/initiative.js";
import type { Clock, InitiativeRepository } from "../ports.js";

export interface ImportReport {
  dryRun: boolean;
  /** Rows stored (0 in a dry run and whenever any row is rejected). */
  imported: number;
  accepted: Array<{ line: number; id: string | null; title: string }>;
  rejected: Array<{ line: number; errors: FieldError[] }>;
  columns: { mapped: Record<string, string>; ignored: string[]; missing: string[] };
}

// Stands in for ids not yet allocated while a dry run checks rows.
const PROBE_ID = "CSI-001";

/**
 * Export of the register as CSV, and import of a register file that is all-or-nothing: a file with any rejected
 * row stores nothing; otherwise every row is stored in chunked transactions marked with one import id, and a
 * failure part-way deletes what the earlier chunks wrote before answering.
 */
export function makeRegisterCsv(deps: { initiatives: InitiativeRepository; clock: Clock }) {
  const { initiatives, clock } = deps;

  return {
    /** The whole register as a spreadsheet-friendly CSV, in id order. */
    async exportCsv(): Promise<string> {
      const all = await initiatives.listAll();
      all.sort((a, b) => compareInitiativeIds(a.id, b.id));
      return registerToCsv(all);
    },

    /** Checks every row (dry run) or imports the file whole; a real import with a rejected row throws `import-rejected`. */
    async importCsv(csvText: string, options: { dryRun: boolean; actor: string }): Promise<ImportReport> {
      const now = clock.now().toISOString();
      const plan = planImport(csvText);
      const rejected = [...plan.rejected];
      const explicit = plan.accepted.flatMap((row) => (row.id === null ? [] : [row.id]));
      const taken = explicit.length > 0 ? await initiatives.existingIds(explicit) : new Set<string>();
      const accepted: Array<{ line: number; id: string | null; input: InitiativeInput }> = [];
      for (const row of plan.accepted) {
        if (row.id !== null && taken.has(row.id)) {
          rejected.push({
            line: row.line,
            errors: [{ field: "id", message: `${row.id} is already in the register` }],
          });
          continue;
        }
        try {
          // The same check creation makes, at the real time, so a dry run promises what the import keeps.
          createInitiative(row.input, { id: row.id ?? PROBE_ID, actor: options.actor, now });
          accepted.push(row);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const fields = (error.details?.fields as FieldError[] | undefined) ?? [
            { field: "(row)", message: error.message },
          ];
          rejected.push({ line: row.line, errors: fields });
        }
      }
      rejected.sort((a, b) => a.line - b.line);
      const report: ImportReport = {
        dryRun: options.dryRun,
        imported: 0,
        accepted: accepted.map((row) => ({ line: row.line, id: row.id, title: row.input.title })),
        rejected,
        columns: plan.columns,
      };
      if (options.dryRun) return report;
      if (rejected.length > 0 || accepted.length === 0) {
        const why =
          rejected.length > 0
            ? `${rejected.length} of ${rejected.length + accepted.length} rows were rejected`
            : "the file holds no rows";
        throw new DomainError("import-rejected", `Nothing was imported: ${why}`, {
          accepted: report.accepted,
          rejected,
          columns: [plan.columns],
        });
      }

      const highestExplicit = Math.max(0, ...explicit.map((id) => parseInitiativeId(id) ?? 0));
      const withoutId = accepted.filter((row) => row.id === null).length;
      let next = await initiatives.allocateSequence(withoutId, highestExplicit);
      const records: Initiative[] = accepted.map((row) => {
        const id = row.id ?? formatInitiativeId(next++);
        return createInitiative(row.input, { id, actor: options.actor, now });
      });
      const outcome = await initiatives.importAll(records, randomBytes(9).toString("base64url"));
      if (outcome === "id-taken") {
        throw new DomainError(
          "already-exists",
          "Nothing was imported: an id in the file was taken by another change meanwhile; check and import again",
        );
      }
      return {
        ...report,
        imported: records.length,
        accepted: records.map((record, index) => ({
          line: accepted[index]?.line ?? 0,
          id: record.id,
          title: record.title,
        })),
      };
    },
  };
}

export type RegisterCsv = ReturnType<typeof makeRegisterCsv>;
