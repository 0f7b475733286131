import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VALIDATION_REPORT_FILE } from "aws-cdk-lib/cx-api";
import { createPulseApp, type PulseApp, type PulseAppOptions } from "../../infra/aws/pulse-app.js";

export interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath?: string }>;
}
export interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: readonly Violation[];
}

export interface SynthResult extends PulseApp {
  /** The policy validation reports that CDK wrote to the cloud assembly, one per plugin with findings. */
  readonly reports: readonly PluginReport[];
  /** The message of the error that synth threw, if validation failed. */
  readonly failure?: string;
}

/** Builds and synthesises Pulse's app into a fresh temp dir, keeping validation failures as data. */
export function synthPulse(
  options: Omit<PulseAppOptions, "appProps"> & {
    context?: Record<string, unknown>;
    /** Changes the app before synth, e.g. to add a resource that a rule should catch. */
    beforeSynth?: (pulse: PulseApp) => void;
  } = {},
): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), "pulse-synth-"));
  const pulse = createPulseApp({
    ...(options.webAssetsPath === undefined ? {} : { webAssetsPath: options.webAssetsPath }),
    appProps: { outdir, ...(options.context ? { context: options.context } : {}) },
  });
  options.beforeSynth?.(pulse);
  let failure: string | undefined;
  try {
    pulse.app.synth();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const report = JSON.parse(readFileSync(join(outdir, VALIDATION_REPORT_FILE), "utf8")) as {
    pluginReports?: PluginReport[];
  };
  return { ...pulse, reports: report.pluginReports ?? [], ...(failure ? { failure } : {}) };
}

/** Lists the AwsSolutions findings of error severity that nothing acknowledged. */
export function nagErrors(result: SynthResult): string[] {
  return result.reports
    .filter((report) => report.pluginName === "AwsSolutions")
    .flatMap((report) => report.violations)
    .filter((violation) => violation.severity === "error" || violation.severity === "fatal")
    .map((v) => `${v.ruleName} at ${v.violatingConstructs?.map((c) => c.constructPath).join(", ")}`);
}
