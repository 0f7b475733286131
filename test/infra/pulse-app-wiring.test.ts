import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Template } from "aws-cdk-lib/assertions";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../infra/aws/bundles.js";
import { nagErrors, synthPulse, unmatchedAcknowledgements } from "./synth-pulse.js";

// Asset bundling is not what these tests look at, so they skip it to stay fast.
const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] };

describe("The CDK app with a built staff web app", () => {
  it("deploys web/dist into the bucket and still passes cdk-nag", () => {
    const webDist = mkdtempSync(join(tmpdir(), "pulse-web-dist-"));
    writeFileSync(join(webDist, "index.html"), "<!doctype html><title>Pulse</title>");

    const pulse = synthPulse({ webAssetsPath: webDist, context: NO_BUNDLING });

    expect(pulse.failure).toBeUndefined();
    expect(nagErrors(pulse)).toEqual([]);
    expect(unmatchedAcknowledgements(pulse)).toEqual([]);
    Template.fromStack(pulse.api).hasResourceProperties("Custom::CDKBucketDeployment", {
      DistributionPaths: ["/*"],
    });
  });
});

describe("The CDK app's cdk-nag wiring", () => {
  it("fails synth when a resource breaks an AwsSolutions rule and nobody acknowledged it", () => {
    const broken = synthPulse({
      webAssetsPath: null,
      context: NO_BUNDLING,
      beforeSynth: ({ api }) => {
        new Queue(api, "QueueWithoutTls");
      },
    });

    expect(broken.failure).toMatch(/AwsSolutions-SQS4/);
    expect(
      nagErrors(broken).some((e) => e.startsWith("AwsSolutions-SQS4 at Pulse-App/QueueWithoutTls")),
    ).toBe(true);
  });

  it("fails synth when a resource breaks a ServerlessChecks rule and nobody acknowledged it", () => {
    const broken = synthPulse({
      webAssetsPath: null,
      context: NO_BUNDLING,
      beforeSynth: ({ api }) => {
        new Queue(api, "QueueWithoutRedrive", { enforceSSL: true });
      },
    });

    expect(broken.failure).toMatch(/Serverless-SQSRedrivePolicy/);
    expect(
      nagErrors(broken).some((e) =>
        e.startsWith("Serverless-SQSRedrivePolicy at Pulse-App/QueueWithoutRedrive"),
      ),
    ).toBe(true);
  });
});

describe("npm run synth", () => {
  it("writes both templates with the cdk CLI, offline and without AWS credentials", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "pulse-cdk-cli-"));
    mkdirSync(outdir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: "true",
      CDK_DISABLE_VERSION_CHECK: "1",
    };
    for (const key of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
      delete env[key];

    await promisify(execFile)("npm", ["run", "synth", "--", "--output", outdir, "--no-notices"], {
      cwd: REPO_ROOT,
      env,
      timeout: 180_000,
    });

    for (const stack of ["Pulse-Data", "Pulse-App"]) {
      const template = JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), "utf8"));
      expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
    }
  });
});
