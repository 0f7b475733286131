import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import type { Initiative } from "../../../functions/src/domain/initiatives/initiative.js";
import {
  DEFAULT_PRIORITY_SETTINGS,
  type KpiSnapshot,
  kpiSeriesKey,
  type PrioritySettings,
  rankBacklog,
  scoreInitiative,
  validatePrioritySettings,
} from "../../../functions/src/domain/initiatives/priority.js";
import { anInitiative } from "./initiative-builders.js";

const SETTINGS: PrioritySettings = {
  model: "csat-gap",
  weights: { gap: 1, volume: 5, strategic: 2 },
  serviceWeights: { "Remote access": 3, Email: 1.5 },
  staleAfterDays: 30,
  approvalThreshold: null,
};

function kpiFor(service: string, target: number) {
  return { dimension: "service" as const, value: service, baseline: 0.7, target, targetDate: "2026-12-31" };
}

function part(score: ReturnType<typeof scoreInitiative>, name: string) {
  const found = score.parts.find((p) => p.name === name);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

describe("csat-gap score", () => {
  it("adds the weighted gap, volume and strategic weight, then divides by effort", () => {
    // target 85% - current 70% = 15 points * 1 = 15; log10(1 + 99) = 2 * 5 = 10; weight 3 * 2 = 6; 31 / 5 = 6.2
    const initiative = anInitiative({ kpi: kpiFor("Remote access", 0.85), effort: 5 });
    const score = scoreInitiative(initiative, SETTINGS, { csat: 0.7, responsesPerMonth: 99 });

    expect(score.model).toBe("csat-gap");
    expect(part(score, "gap")).toMatchObject({ weight: 1 });
    expect(part(score, "gap").input).toBeCloseTo(15, 10);
    expect(part(score, "gap").value).toBeCloseTo(15, 10);
    expect(part(score, "volume")).toMatchObject({ input: 2, weight: 5, value: 10 });
    expect(part(score, "strategic")).toMatchObject({ input: 3, weight: 2, value: 6 });
    expect(part(score, "effort")).toMatchObject({ value: 5 });
    expect(score.score).toBeCloseTo(6.2, 10);
    expect(part(score, "gap").explanation).toContain('service "Remote access"');
    expect(part(score, "effort").explanation).toBe("31 / 5 person-days = 6.2");
  });

  it("uses the KPI baseline when there is no live csat, and says so", () => {
    // target 80% - baseline 70% = 10 points; no volume; unlisted service weighs 1 * 2 = 2; 12 / 2 = 6
    const initiative = anInitiative({ kpi: kpiFor("Printing", 0.8), services: ["Printing"], effort: 2 });
    const score = scoreInitiative(initiative, SETTINGS, undefined);
    expect(part(score, "gap").input).toBeCloseTo(10, 10);
    expect(part(score, "gap").explanation).toContain("no live figure");
    expect(part(score, "volume").value).toBe(0);
    expect(part(score, "strategic").value).toBe(2);
    expect(score.score).toBeCloseTo(6, 10);
  });

  it("counts no gap once the current csat is above target", () => {
    const initiative = anInitiative({ kpi: kpiFor("Remote access", 0.8), effort: 1 });
    const score = scoreInitiative(initiative, SETTINGS, { csat: 0.9, responsesPerMonth: 0 });
    expect(part(score, "gap").value).toBe(0);
    expect(score.score).toBe(6);
  });

  it("takes the highest weight among several services", () => {
    const initiative = anInitiative({
      kpi: null,
      services: ["Email", "Remote access", "Printing"],
      effort: 4,
    });
    const score = scoreInitiative(initiative, SETTINGS);
    expect(part(score, "strategic")).toMatchObject({ input: 3, value: 6 });
    expect(score.score).toBe(1.5);
  });
});

describe("WSJF and RICE scores", () => {
  it("divides the cost of delay by the job size under WSJF", () => {
    const initiative = anInitiative({
      wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 },
    });
    const score = scoreInitiative(initiative, { ...SETTINGS, model: "wsjf" });
    expect(score.score).toBe(4); // (8 + 5 + 3) / 4
    expect(score.parts.map((p) => [p.name, p.value])).toEqual([
      ["businessValue", 8],
      ["timeCriticality", 5],
      ["riskReduction", 3],
      ["jobSize", 4],
    ]);
  });

  it("multiplies reach, impact and confidence and divides by effort under RICE", () => {
    const initiative = anInitiative({ rice: { reach: 500, impact: 2, confidence: 0.8 }, effort: 10 });
    const score = scoreInitiative(initiative, { ...SETTINGS, model: "rice" });
    expect(score.score).toBe(80); // 500 * 2 * 0.8 / 10
    expect(part(score, "effort").explanation).toBe("800 / 10 person-days = 80");
  });

  it("scores 0, with a reason, when the model's inputs are missing", () => {
    const score = scoreInitiative(anInitiative(), { ...SETTINGS, model: "wsjf" });
    expect(score.score).toBe(0);
    expect(score.parts[0]?.explanation).toContain("No WSJF inputs");
  });
});

describe("Ranking the backlog", () => {
  // A has the bigger gap, B the bigger volume; which comes first depends on the volume weight.
  const a = anInitiative({ title: "Fix VPN drops", kpi: kpiFor("Remote access", 0.9), effort: 1 }, "CSI-001");
  const b = anInitiative(
    { title: "Mailbox quota", services: ["Email"], kpi: kpiFor("Email", 0.85), effort: 1 },
    "CSI-002",
  );
  const snapshots = new Map<string, KpiSnapshot>([
    [kpiSeriesKey(kpiFor("Remote access", 0)), { csat: 0.7, responsesPerMonth: 9 }],
    [kpiSeriesKey(kpiFor("Email", 0)), { csat: 0.8, responsesPerMonth: 999 }],
  ]);
  const equalServices = { ...SETTINGS, serviceWeights: {} };

  it("ranks by score with the default weights", () => {
    // A: 20 + 5 * 1 + 2 = 27; B: 5 + 5 * 3 + 2 = 22
    const ranked = rankBacklog([b, a], equalServices, snapshots);
    expect(ranked.map((r) => r.initiative.id)).toEqual(["CSI-001", "CSI-002"]);
    expect(ranked[0]?.priority.score).toBeCloseTo(27, 10);
    expect(ranked[1]?.priority.score).toBeCloseTo(22, 10);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
  });

  it("re-ranks when a head raises the volume weight", () => {
    // volume weight 10 -> A: 20 + 10 + 2 = 32; B: 5 + 30 + 2 = 37
    const settings = { ...equalServices, weights: { ...equalServices.weights, volume: 10 } };
    const ranked = rankBacklog([a, b], settings, snapshots);
    expect(ranked.map((r) => r.initiative.id)).toEqual(["CSI-002", "CSI-001"]);
    expect(ranked[0]?.priority.score).toBeCloseTo(37, 10);
  });

  it("pins manually ranked initiatives above any score, in manual-rank order", () => {
    const low1 = anInitiative({ kpi: null, manualRank: 2, effort: 100 }, "CSI-003");
    const low2 = anInitiative({ kpi: null, manualRank: 1, effort: 50 }, "CSI-004");
    const ranked = rankBacklog([a, low1, b, low2], equalServices, snapshots);
    expect(ranked.map((r) => r.initiative.id)).toEqual(["CSI-004", "CSI-003", "CSI-001", "CSI-002"]);
    expect(ranked.map((r) => r.pinned)).toEqual([true, true, false, false]);
    expect(ranked[0]?.priority.score).toBeLessThan(ranked[3]?.priority.score ?? 0);
  });

  it("breaks ties by the older id, by number", () => {
    const twins: Initiative[] = ["CSI-1000", "CSI-999", "CSI-010"].map((id) =>
      anInitiative({ kpi: null }, id),
    );
    const ranked = rankBacklog(twins, DEFAULT_PRIORITY_SETTINGS);
    expect(ranked.map((r) => r.initiative.id)).toEqual(["CSI-010", "CSI-999", "CSI-1000"]);
  });
});

describe("Priority settings", () => {
  it("accepts the defaults", () => {
    expect(validatePrioritySettings(DEFAULT_PRIORITY_SETTINGS)).toBe(DEFAULT_PRIORITY_SETTINGS);
  });

  it("refuses negative weights, unknown models and a stale limit that is not a positive number of days, naming each", () => {
    const settings = {
      model: "moscow",
      weights: { gap: -1, volume: 5, strategic: Number.NaN },
      serviceWeights: { Email: -2 },
      staleAfterDays: 0.5,
      approvalThreshold: -1,
    } as unknown as PrioritySettings;
    let error: unknown;
    try {
      validatePrioritySettings(settings);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const fields = (((error as DomainError).details?.fields ?? []) as Array<{ field: string }>).map(
      (f) => f.field,
    );
    expect(fields).toEqual([
      "model",
      "weights.gap",
      "weights.strategic",
      "serviceWeights.Email",
      "staleAfterDays",
      "approvalThreshold",
    ]);
  });
});
