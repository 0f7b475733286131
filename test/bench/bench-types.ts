import type { LocalPulse } from "../../infra/local/server.js";

/** One line of the benchmark table. */
export interface BenchRow {
  /** The group it belongs to, e.g. "Survey loop", "CSI register", "Analytics". */
  section: string;
  /** What was measured, e.g. "intake requests per second". */
  measure: string;
  value: number;
  unit: string;
  /** The conditions: data size, concurrency, duration. */
  note?: string;
}

/** What every benchmark section receives: a running local product over an in-memory DynamoDB Local. */
export interface BenchContext {
  /**
   * A fresh local Pulse (its own table) for this section; stopped by the runner. Pulses share the section's DynamoDB
   * Local unless `ownDatabase` asks for one of its own: DynamoDB Local slows down several-fold once a bulk load has gone
   * through it (even after the table is deleted), so a bulk load and the measures that follow it should not share one.
   */
  startPulse(options?: { ownDatabase?: boolean }): Promise<LocalPulse>;
  /** A staff token for a role, valid for the given Pulse. */
  token(pulse: LocalPulse, role: "analyst" | "manager" | "head"): Promise<string>;
  /** Whether the run is the quick variant (`npm run bench -- --quick`), with smaller data and shorter loads. */
  quick: boolean;
  log(line: string): void;
}

/** A benchmark section: a module under test/bench/sections/ whose default export is this. */
export interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}
