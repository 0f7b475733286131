import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import { VALIDATION_REPORT_FILE } from "aws-cdk-lib/cx-api";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
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

/** Lists the findings of error severity (AwsSolutions and ServerlessChecks) that nothing acknowledged. */
export function nagErrors(result: SynthResult): string[] {
  return result.reports
    .filter((report) => report.pluginName === "AwsSolutions" || report.pluginName === "Serverless")
    .flatMap((report) => report.violations)
    .filter((violation) => violation.severity === "error" || violation.severity === "fatal")
    .map((v) => `${v.ruleName} at ${v.violatingConstructs?.map((c) => c.constructPath).join(", ")}`);
}

/** One rule finding on one construct, or one acknowledgement of a rule on a construct and all below it. */
export interface RuleAtPath {
  readonly rule: string;
  readonly path: string;
}

/** Every finding of both cdk-nag packs as if nothing were acknowledged, warnings included. */
export function findingsIgnoringAcknowledgements(result: SynthResult): RuleAtPath[] {
  const findings: RuleAtPath[] = [];
  for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
    // The packs consult acknowledgements through this one method; answering "no" shows the raw findings.
    Object.defineProperty(pack, "isAcknowledged", { value: () => false });
    for (const violation of pack.validateScope(result.app).violations) {
      for (const resource of violation.violatingResources) {
        findings.push({ rule: violation.ruleName, path: resource.constructPath ?? "" });
      }
    }
  }
  return findings;
}

/** Every acknowledgement made with `Validations.of(...).acknowledge()` anywhere in the app. */
export function acknowledgements(result: SynthResult): RuleAtPath[] {
  const found: RuleAtPath[] = [];
  const visit = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const id of Object.keys(entry.data as Record<string, string>)) {
        found.push({ rule: id.replace(/^annotation::/i, ""), path: construct.node.path });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(result.app);
  return found;
}

/** The cdk-nag acknowledgements that no finding of either pack matches (on their construct or below it). */
export function unmatchedAcknowledgements(result: SynthResult): string[] {
  const findings = findingsIgnoringAcknowledgements(result);
  return acknowledgements(result)
    .filter((ack) => /^(AwsSolutions|Serverless)-/.test(ack.rule))
    .filter(
      (ack) =>
        !findings.some(
          (finding) =>
            finding.rule === ack.rule &&
            (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`)),
        ),
    )
    .map((ack) => `${ack.rule} at ${ack.path}`);
}
