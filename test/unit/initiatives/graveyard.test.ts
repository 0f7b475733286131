import { describe, expect, it } from "vitest";
import type { GraveyardFlag, InitiativeStatus } from "../../../functions/src/domain/initiatives/fields.js";
import {
  countGraveyardFlags,
  type GraveyardSubject,
  graveyardFlags,
  reviewDueOf,
} from "../../../functions/src/domain/initiatives/graveyard.js";
import { anInitiativeHeldFrom, anInitiativeIn } from "./initiative-builders.js";

const TODAY = "2026-06-15";
const OPTIONS = { today: TODAY, staleAfterDays: 30 };
const KPI = {
  metric: "csat" as const,
  dimension: "service" as const,
  value: "Remote access",
  baseline: 0.7,
  target: 0.85,
  targetDate: "2026-12-31",
};

/** A healthy open initiative: owned, with a KPI due later, changed yesterday. */
function aSubject(overrides: Partial<GraveyardSubject> = {}): GraveyardSubject {
  return {
    status: "in-progress",
    owner: "Network L2",
    kpi: KPI,
    implementedAt: null,
    updatedAt: "2026-06-14T10:00:00.000Z",
    ...overrides,
  };
}

/** The register of fixtures: each initiative and the flags it must carry on 2026-06-15. */
const FIXTURES: Array<{ name: string; subject: GraveyardSubject; flags: GraveyardFlag[] }> = [
  { name: "an owned initiative with a KPI, changed yesterday", subject: aSubject(), flags: [] },
  { name: "an initiative nobody owns", subject: aSubject({ owner: "  " }), flags: ["no-owner"] },
  { name: "an initiative without a KPI target", subject: aSubject({ kpi: null }), flags: ["no-target"] },
  {
    name: "an initiative whose KPI target date passed before it went live",
    subject: aSubject({ kpi: { ...KPI, targetDate: "2026-06-14" } }),
    flags: ["review-overdue"],
  },
  {
    name: "an initiative whose KPI target date is today",
    subject: aSubject({ kpi: { ...KPI, targetDate: TODAY } }),
    flags: [],
  },
  {
    name: "a live initiative whose impact after-window (14 + 56 days by default) ended unreviewed",
    subject: aSubject({ status: "implemented", implementedAt: "2026-04-05" }),
    flags: ["review-overdue"],
  },
  {
    name: "a live initiative still inside its impact after-window",
    subject: aSubject({ status: "implemented", implementedAt: "2026-04-07" }),
    flags: [],
  },
  {
    name: "a live initiative with a short after-window of its own that ended",
    subject: aSubject({
      status: "implemented",
      implementedAt: "2026-05-01",
      kpi: { ...KPI, impactWindows: { beforeWeeks: 4, afterWeeks: 2, settlingDays: 7 } },
    }),
    flags: ["review-overdue"],
  },
  {
    name: "a reviewed initiative past its dates, only waiting to be closed",
    subject: aSubject({
      status: "reviewed",
      implementedAt: "2026-01-05",
      kpi: { ...KPI, targetDate: "2026-03-01" },
    }),
    flags: [],
  },
  {
    name: "an initiative last changed 31 days ago",
    subject: aSubject({ updatedAt: "2026-05-15T23:59:00.000Z" }),
    flags: ["stale"],
  },
  {
    name: "an initiative last changed exactly 30 days ago",
    subject: aSubject({ updatedAt: "2026-05-16T00:00:00.000Z" }),
    flags: [],
  },
  {
    name: "an ownerless, unmeasured initiative on hold for months",
    subject: aSubject({ status: "on-hold", owner: "", kpi: null, updatedAt: "2026-01-10T08:00:00.000Z" }),
    flags: ["no-owner", "no-target", "stale"],
  },
  ...(["closed", "rejected", "cancelled"] as InitiativeStatus[]).map((status) => ({
    name: `a ${status} initiative with every sign of neglect`,
    subject: aSubject({ status, owner: "", kpi: null, updatedAt: "2025-01-01T00:00:00.000Z" }),
    flags: [] as GraveyardFlag[],
  })),
];

describe("Graveyard flags", () => {
  it.each(FIXTURES)("flags $name with $flags", ({ subject, flags }) => {
    expect(graveyardFlags(subject, OPTIONS)).toEqual(flags);
  });

  it("counts an initiative as stale once more days than the settings give passed without a change", () => {
    const subject = aSubject({ updatedAt: "2026-06-01T12:00:00.000Z" });
    expect(graveyardFlags(subject, { today: TODAY, staleAfterDays: 13 })).toEqual(["stale"]);
    expect(graveyardFlags(subject, { today: TODAY, staleAfterDays: 14 })).toEqual([]);
  });

  it("reads the flags of real initiatives brought along the workflow", () => {
    const fresh = anInitiativeIn("planned", { kpi: null });
    const held = anInitiativeHeldFrom("approved");
    const closed = anInitiativeIn("closed", { kpi: null });
    const later = { today: "2026-05-01", staleAfterDays: 30 };
    expect(graveyardFlags(fresh, later)).toEqual(["no-target", "stale"]);
    expect(graveyardFlags(held, later)).toEqual(["stale"]);
    expect(graveyardFlags(closed, later)).toEqual([]);
  });

  it("dates the review at the KPI target, or the earlier end of the impact read once live, and not without a KPI", () => {
    expect(reviewDueOf({ kpi: KPI, implementedAt: null })).toBe("2026-12-31");
    expect(reviewDueOf({ kpi: KPI, implementedAt: "2026-04-05" })).toBe("2026-06-14");
    expect(reviewDueOf({ kpi: { ...KPI, targetDate: "2026-05-01" }, implementedAt: "2026-04-05" })).toBe(
      "2026-05-01",
    );
    expect(reviewDueOf({ kpi: null, implementedAt: "2026-04-05" })).toBeNull();
  });

  it("counts each flag over the register, listing the flags none carries as 0", () => {
    const counts = countGraveyardFlags(FIXTURES.map(({ subject }) => graveyardFlags(subject, OPTIONS)));
    expect(counts).toEqual([
      { flag: "no-owner", count: 2 },
      { flag: "no-target", count: 2 },
      { flag: "review-overdue", count: 3 },
      { flag: "stale", count: 2 },
    ]);
  });
});
