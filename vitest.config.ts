import { defineConfig } from "vitest/config";

/** One config, four projects: pure units, DynamoDB Local integration, infrastructure synth, browser e2e. */
export default defineConfig({
  test: {
    // A JSON copy of the results lets CI print one plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".data/test-results.json" }]],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.{ts,tsx}"],
          globalSetup: ["test/helpers/dynamodb-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: "infra", include: ["test/infra/**/*.test.ts"], testTimeout: 240_000 },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/helpers/dynamodb-global-setup.ts", "test/helpers/web-build-global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // A screen waiting on the API answers in seconds, not in expect.poll's default 1 s, when another job
          // shares the cores.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
