import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BundleSize, bundleEntries } from "../../infra/aws/bundle-report.js";

let outdir: string;
let deployed: BundleSize[];
let withoutSdk: BundleSize[];

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "pulse-bundles-test-"));
  deployed = await bundleEntries(join(outdir, "deployed"));
  withoutSdk = await bundleEntries(join(outdir, "sdk-external"), { sdkExternal: true });
  // Ten esbuild builds; a minute leaves room for a machine that is busy with other work.
}, 60_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

const bundle = (sizes: BundleSize[], name: string): BundleSize => {
  const found = sizes.find((size) => size.name === name);
  if (!found) throw new Error(`no ${name} bundle`);
  return found;
};
const carrying = (size: BundleSize, pattern: RegExp) => size.inputs.filter((input) => pattern.test(input));

describe("The Lambda bundles", () => {
  it("keep the public function's own code under 150 kB, with no intake, staff auth, OpenAPI or mail sender in it", () => {
    // 140.3 kB, of which the Powertools logger and metrics are about 35 kB, zod 29 kB and Hono 15 kB; the budget stops
    // it growing unnoticed.
    expect(bundle(withoutSdk, "public").bytes).toBeLessThanOrEqual(150_000);
    const publicBundle = bundle(deployed, "public");
    expect(
      carrying(publicBundle, /@hono[\\/]zod-openapi|zod-to-openapi|[\\/]jose[\\/]|client-sesv2/),
    ).toEqual([]);
    expect(
      carrying(
        publicBundle,
        /functions[\\/]src[\\/]http[\\/]routes[\\/](metrics|initiatives|analytics|intake)/,
      ),
    ).toEqual([]);
    // Intake is the connectors function's: the requester's pages load none of it.
    expect(carrying(publicBundle, /intake-ticket|sqs-mail-queue/)).toEqual([]);
  });

  it("keep the staff API's own code within 360 kB: zod/mini contracts, no OpenAPI generator, no X-Ray SDK, no CSV library", () => {
    const staff = bundle(withoutSdk, "staff");
    // 359.8 kB: the register's hold, cancel, closure codes, graveyard flags, head approval and tasks took it from
    // 346.2 kB past the earlier 350 kB budget; the webhooks to 358.3 kB, their erasure with a requester to 359.8 kB;
    // the register's service-desk records, actual cost and portfolio to 364.0 kB, past the 360 kB budget; reading and
    // writing CSV with its own small RFC 4180 code instead of Papa Parse took it from 368.7 kB down to 346.5 kB, and
    // the budget back to 360 kB; an initiative's KPIs, their progress and the digest's KPI section to 348.6 kB.
    expect(staff.bytes).toBeLessThanOrEqual(360_000);
    expect(
      carrying(
        staff,
        /@hono[\\/]zod-openapi|zod-to-openapi|aws-xray-sdk|zod[\\/]v4[\\/]classic|to-json-schema|papaparse/,
      ),
    ).toEqual([]);
    // Nothing of intake, the requester pages or the mail pipeline: the staff API neither takes tickets nor sends mail.
    expect(
      carrying(
        staff,
        /functions[\\/]src[\\/](app[\\/]mail[\\/]mail-|app[\\/]surveys[\\/](intake|respond|send)|http[\\/]pages|adapters[\\/]queue)/,
      ),
    ).toEqual([]);
  });

  it("keep the connectors function within 160 kB, with none of the requester pages, mail sender or OpenAPI machinery", () => {
    // 153.9 kB: the public function's intake, the connectors' mappings, and the staff token check and audit log of their routes.
    const connectors = bundle(withoutSdk, "connectors");
    expect(connectors.bytes).toBeLessThanOrEqual(160_000);
    expect(
      carrying(
        connectors,
        /@hono[\\/]zod-openapi|zod-to-openapi|client-sesv2|papaparse|functions[\\/]src[\\/](http[\\/]pages|http[\\/]contracts[\\/](?!connectors)|app[\\/]surveys[\\/]respond)/,
      ),
    ).toEqual([]);
  });

  it("leave the connectors out of the public and the staff functions", () => {
    for (const name of ["public", "staff"]) {
      expect(carrying(bundle(deployed, name), /connectors?[\\/]|connector-/), name).toEqual([]);
    }
  });

  it("carry only zod's English messages, whatever function", () => {
    for (const size of deployed) {
      // The plugin's own stand-in for the locale index re-exports `en` alone.
      expect(
        carrying(size, /^(?!zod-english-only:).*zod[\\/]v4[\\/]locales[\\/](?!en\.js)/),
        size.name,
      ).toEqual([]);
    }
  });

  it("carry no SDK client their function never calls", () => {
    expect(carrying(bundle(deployed, "staff"), /client-sesv2/)).toEqual([]);
    expect(carrying(bundle(deployed, "staff"), /functions[\\/]src[\\/]http[\\/]pages/)).toEqual([]);
    // The scheduled jobs only queue mail, and read no secret: the mailer is the one sender.
    expect(carrying(bundle(deployed, "scheduled"), /client-sesv2|client-secrets-manager/)).toEqual([]);
    // The pages read and write the table, derive their links' secrets and announce each rating on the outbound queue.
    expect(
      new Set(
        carrying(bundle(deployed, "public"), /@aws-sdk[\\/]client-/).map(
          (input) => /client-[\w-]+/.exec(input)?.[0],
        ),
      ),
    ).toEqual(new Set(["client-dynamodb", "client-sqs", "client-secrets-manager"]));
    // Intake enqueues its invitations: the connectors function calls SQS as well.
    expect(
      new Set(
        carrying(bundle(deployed, "connectors"), /@aws-sdk[\\/]client-/).map(
          (input) => /client-[\w-]+/.exec(input)?.[0],
        ),
      ),
    ).toEqual(new Set(["client-dynamodb", "client-sqs", "client-secrets-manager"]));
  });
});
