import { describe, expect, it } from "vitest";
import { MAX_SECONDARY_KPIS } from "../../../functions/src/domain/initiatives/fields.js";
import {
  type Kpi,
  type KpiInput,
  kpisOf,
  updateInitiative,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { currentFrom, kpiProgress } from "../../../functions/src/domain/initiatives/kpi-progress.js";
import { ACTOR, anInitiative, caught } from "./initiative-builders.js";

const LATER = "2026-03-11T09:00:00.000Z";

const agentKpi: KpiInput = {
  dimension: "agent",
  value: " Ola Nowak ",
  baseline: 0.6,
  target: 0.8,
  targetDate: "2026-12-31",
};
const categoryKpi: KpiInput = {
  dimension: "category",
  value: "VPN",
  baseline: 0.7,
  target: 0.75,
  targetDate: "2026-12-31",
  impactWindows: { beforeWeeks: 6, afterWeeks: 6, settlingDays: 7 },
};

function fieldsOf(action: () => unknown): string[] {
  const details = caught(action).details as { fields: Array<{ field: string }> };
  return details.fields.map((f) => f.field);
}

describe("An initiative's several KPIs", () => {
  it("keeps secondary KPIs beside the primary one, trimmed and with csat as their metric", () => {
    const initiative = anInitiative({ secondaryKpis: [agentKpi, categoryKpi] });
    expect(initiative.secondaryKpis).toEqual([
      { ...agentKpi, metric: "csat", value: "Ola Nowak" },
      { ...categoryKpi, metric: "csat" },
    ]);
    expect(kpisOf(initiative).map((kpi) => kpi.dimension)).toEqual(["service", "agent", "category"]);
  });

  it("starts with no secondary KPIs when none are given", () => {
    expect(anInitiative().secondaryKpis).toEqual([]);
    expect(kpisOf(anInitiative({ kpi: null }))).toEqual([]);
  });

  it("refuses secondary KPIs without a primary one, naming kpi", () => {
    expect(fieldsOf(() => anInitiative({ kpi: null, secondaryKpis: [agentKpi] }))).toEqual(["kpi"]);
  });

  it("refuses a secondary KPI on the primary's series or twice the same series, naming its value", () => {
    const sameAsPrimary = { ...agentKpi, dimension: "service" as const, value: "Remote access" };
    expect(fieldsOf(() => anInitiative({ secondaryKpis: [sameAsPrimary] }))).toEqual([
      "secondaryKpis.0.value",
    ]);
    expect(fieldsOf(() => anInitiative({ secondaryKpis: [agentKpi, { ...agentKpi, target: 0.9 }] }))).toEqual(
      ["secondaryKpis.1.value"],
    );
  });

  it(`refuses more than ${MAX_SECONDARY_KPIS} secondary KPIs`, () => {
    const many = Array.from({ length: MAX_SECONDARY_KPIS + 1 }, (_, index) => ({
      ...agentKpi,
      value: `Agent ${index}`,
    }));
    expect(fieldsOf(() => anInitiative({ secondaryKpis: many }))).toEqual(["secondaryKpis"]);
    expect(anInitiative({ secondaryKpis: many.slice(1) }).secondaryKpis).toHaveLength(MAX_SECONDARY_KPIS);
  });

  it("refuses a bar or a line break in a secondary KPI's value, which would split its line in the register file", () => {
    for (const value of ["Email | Exchange", "Email\nExchange"]) {
      expect(
        fieldsOf(() => anInitiative({ secondaryKpis: [{ ...agentKpi, value }] })),
        value,
      ).toEqual(["secondaryKpis.0.value"]);
    }
    expect(anInitiative({ kpi: { ...agentKpi, value: "Email | Exchange" } }).kpi?.value).toBe(
      "Email | Exchange",
    );
  });

  it("names each bad field of a secondary KPI by its place in the list", () => {
    const bad = {
      dimension: "planet",
      value: "",
      baseline: 1.5,
      target: -1,
      targetDate: "soon",
      impactWindows: { beforeWeeks: 0, afterWeeks: 200, settlingDays: 365 },
    } as unknown as KpiInput;
    expect(fieldsOf(() => anInitiative({ secondaryKpis: [agentKpi, bad] }))).toEqual([
      "secondaryKpis.1.dimension",
      "secondaryKpis.1.value",
      "secondaryKpis.1.baseline",
      "secondaryKpis.1.target",
      "secondaryKpis.1.targetDate",
      "secondaryKpis.1.impactWindows.beforeWeeks",
      "secondaryKpis.1.impactWindows.afterWeeks",
      "secondaryKpis.1.impactWindows.settlingDays",
    ]);
  });

  it("swaps the primary KPI with a secondary one in one edit, recorded as two history entries", () => {
    const before = anInitiative({ secondaryKpis: [agentKpi] });
    const [primary, agent] = kpisOf(before) as [Kpi, Kpi];
    const after = updateInitiative(
      before,
      { kpi: agent, secondaryKpis: [primary] },
      { actor: ACTOR, now: LATER, expectedVersion: 1 },
    );
    expect(after.kpi).toEqual(agent);
    expect(after.secondaryKpis).toEqual([primary]);
    expect(after.version).toBe(2);
    expect(after.history.slice(-2).map((entry) => entry.field)).toEqual(["kpi", "secondaryKpis"]);
  });

  it("refuses clearing the primary KPI while secondary ones remain, and leaves the initiative as it was", () => {
    const before = anInitiative({ secondaryKpis: [agentKpi] });
    expect(
      fieldsOf(() =>
        updateInitiative(before, { kpi: null }, { actor: ACTOR, now: LATER, expectedVersion: 1 }),
      ),
    ).toEqual(["kpi"]);
    expect(before.kpi).not.toBeNull();
    const cleared = updateInitiative(
      before,
      { kpi: null, secondaryKpis: [] },
      { actor: ACTOR, now: LATER, expectedVersion: 1 },
    );
    expect(kpisOf(cleared)).toEqual([]);
  });
});

const WINDOW = { from: "2026-09-03", to: "2026-12-01" };

describe("A KPI's progress towards its goal", () => {
  const kpi: Kpi = {
    metric: "csat",
    dimension: "service",
    value: "Remote access",
    baseline: 0.7,
    target: 0.8,
    targetDate: "2026-12-31",
  };

  it("gives the share of the planned rise achieved: 75 of 100 satisfied is half-way from 70% to 80%", () => {
    const progress = kpiProgress(kpi, { n: 100, positive: 75 }, WINDOW, true);
    expect(progress.primary).toBe(true);
    expect(progress.current.csat).toBe(0.75);
    expect(progress.change).toBeCloseTo(0.05, 12);
    expect(progress.ofGoal).toBeCloseTo(0.5, 12);
    expect(progress.status).toBe("at-risk");
    expect(progress.current.ci?.low).toBeLessThan(0.75);
    expect(progress.current.ci?.high).toBeGreaterThan(0.8);
  });

  it("reads past 100% when the target is beaten, and on track", () => {
    const progress = kpiProgress(kpi, { n: 400, positive: 340 }, WINDOW, false);
    expect(progress.ofGoal).toBeCloseTo(1.5, 12);
    expect(progress.status).toBe("on-track");
  });

  it("reads below zero when the KPI fell below its baseline, off track when the interval misses the target", () => {
    const progress = kpiProgress(kpi, { n: 400, positive: 240 }, WINDOW, false);
    expect(progress.change).toBeCloseTo(-0.1, 12);
    expect(progress.ofGoal).toBeCloseTo(-1, 12);
    expect(progress.status).toBe("off-track");
  });

  it("counts the last 90 days, or for a live initiative only the days after its settling period when later", () => {
    expect(currentFrom(kpi, null, "2026-12-01")).toBe("2026-09-03");
    // Live since 2026-11-02: the 14 default settling days end 2026-11-16, after the 90-day window began.
    expect(currentFrom(kpi, "2026-11-02", "2026-12-01")).toBe("2026-11-16");
    expect(
      currentFrom(
        { impactWindows: { beforeWeeks: 8, afterWeeks: 8, settlingDays: 0 } },
        "2026-11-02",
        "2026-12-01",
      ),
    ).toBe("2026-11-02");
    // Live for long: the window's own start.
    expect(currentFrom(kpi, "2026-01-10", "2026-12-01")).toBe("2026-09-03");
    expect(kpiProgress(kpi, { n: 100, positive: 75 }, WINDOW, false).current).toMatchObject(WINDOW);
  });

  it("has no figures without ratings, and judges none below the judged sample", () => {
    expect(kpiProgress(kpi, { n: 0, positive: 0 }, WINDOW, false)).toMatchObject({
      current: { n: 0, csat: null, ci: null },
      change: null,
      ofGoal: null,
      status: "no-data",
    });
    // Ten of ten satisfied would read as 300% of the goal: no share is given below the judged sample.
    const few = kpiProgress(kpi, { n: 10, positive: 10 }, WINDOW, false);
    expect(few.current).toMatchObject({ n: 10, csat: 1 });
    expect(few.change).toBeCloseTo(0.3, 12);
    expect(few.ofGoal).toBeNull();
    expect(few.status).toBe("too-few-responses");
  });

  it("gives no share of a goal for a KPI to hold, whose target is not above its baseline", () => {
    const held = kpiProgress(
      { ...kpi, baseline: 0.9, target: 0.85 },
      { n: 200, positive: 176 },
      WINDOW,
      false,
    );
    expect(held.ofGoal).toBeNull();
    expect(held.change).toBeCloseTo(-0.02, 12);
    expect(held.status).toBe("on-track");
  });
});
