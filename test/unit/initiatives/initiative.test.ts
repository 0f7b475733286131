import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../../../functions/src/domain/errors.js";
import {
  compareInitiativeIds,
  createInitiative,
  formatInitiativeId,
  type InitiativePatch,
  parseInitiativeId,
  updateInitiative,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { ACTOR, anInitiative, anInitiativeIn, anInput, caught, NOW } from "./initiative-builders.js";

function badFields(error: DomainError): string[] {
  return ((error.details?.fields ?? []) as Array<{ field: string }>).map((f) => f.field).sort();
}

const LATER = "2026-03-11T10:00:00.000Z";

describe("Initiative ids", () => {
  it("formats a sequence as CSI- with at least three digits", () => {
    expect(formatInitiativeId(42)).toBe("CSI-042");
    expect(formatInitiativeId(1234)).toBe("CSI-1234");
  });

  it("reads back any sequence it formats", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        (n) => parseInitiativeId(formatInitiativeId(n)) === n,
      ),
    );
  });

  it("reads lower case and unpadded ids, and rejects what is not an id", () => {
    expect(parseInitiativeId("csi-42")).toBe(42);
    expect(parseInitiativeId("CSI-0")).toBeNull();
    expect(parseInitiativeId("INC0012345")).toBeNull();
  });

  it("orders ids by number, so CSI-999 comes before CSI-1000", () => {
    expect(["CSI-1000", "CSI-999", "CSI-010"].sort(compareInitiativeIds)).toEqual([
      "CSI-010",
      "CSI-999",
      "CSI-1000",
    ]);
  });

  it("refuses to format a sequence below 1", () => {
    expect(caught(() => formatInitiativeId(0)).code).toBe("validation");
  });
});

describe("Creating an initiative", () => {
  it("starts proposed at version 1, raised now, with a creation history entry", () => {
    const initiative = createInitiative(anInput({ services: [" Remote access ", "Remote access"] }), {
      id: "csi-7",
      actor: ACTOR,
      now: NOW,
    });
    expect(initiative).toMatchObject({
      id: "CSI-007",
      status: "proposed",
      version: 1,
      raisedAt: NOW,
      createdBy: ACTOR,
      services: ["Remote access"],
      manualRank: null,
      approvedAt: null,
    });
    expect(initiative.kpi?.metric).toBe("csat");
    expect(initiative.history).toEqual([
      { at: NOW, actor: ACTOR, field: "status", from: null, to: "proposed" },
    ]);
  });

  it("names every invalid field at once", () => {
    const error = caught(() =>
      createInitiative(
        anInput({
          title: "ab",
          effort: 0,
          estimatedCost: -1,
          raisedAt: "yesterday",
          kpi: {
            dimension: "service",
            value: "Remote access",
            baseline: 1.2,
            target: 0.9,
            targetDate: "30.09.2026",
          },
        }),
        { id: "CSI-001", actor: ACTOR, now: NOW },
      ),
    );
    expect(error.code).toBe("validation");
    expect(badFields(error)).toEqual(
      ["effort", "estimatedCost", "kpi.baseline", "kpi.targetDate", "raisedAt", "title"].sort(),
    );
  });

  it("accepts a target below the baseline, since the KPI may be held rather than raised", () => {
    const kpi = {
      dimension: "all" as const,
      value: "ignored",
      baseline: 0.9,
      target: 0.8,
      targetDate: "2026-12-31",
    };
    expect(anInitiative({ kpi }).kpi).toMatchObject({ dimension: "all", value: "all", target: 0.8 });
  });

  it("refuses a title longer than 200 characters", () => {
    const error = caught(() => anInitiative({ title: "x".repeat(201) }));
    expect(badFields(error)).toEqual(["title"]);
  });

  it("holds imported statuses to the workflow's invariants", () => {
    const implemented = caught(() => anInitiative({ status: "implemented" }));
    const rejected = caught(() => anInitiative({ status: "rejected" }));
    const goLiveTooEarly = caught(() => anInitiative({ status: "planned", implementedAt: "2026-01-10" }));
    expect(badFields(implemented)).toEqual(["implementedAt"]);
    expect(badFields(rejected)).toEqual(["statusReason"]);
    expect(badFields(goLiveTooEarly)).toEqual(["implementedAt"]);
  });

  it("refuses an unknown source, category or KPI dimension", () => {
    const error = caught(() =>
      anInitiative({
        source: "rumour" as never,
        category: "magic" as never,
        kpi: {
          dimension: "weather" as never,
          value: "x",
          baseline: 0.5,
          target: 0.6,
          targetDate: "2026-12-31",
        },
      }),
    );
    expect(badFields(error)).toEqual(["category", "kpi.dimension", "source"]);
  });
});

describe("Updating an initiative", () => {
  it("refuses an edit made on an older version with version-conflict and the current version", () => {
    const current = updateInitiative(
      anInitiative(),
      { title: "First edit wins" },
      {
        actor: "first",
        now: LATER,
        expectedVersion: 1,
      },
    );
    const error = caught(() =>
      updateInitiative(
        current,
        { title: "Second edit" },
        { actor: "second", now: LATER, expectedVersion: 1 },
      ),
    );
    expect(error.code).toBe("version-conflict");
    expect(error.details).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
  });

  it("bumps the version and records each changed field with its old and new value", () => {
    const before = anInitiative();
    const after = updateInitiative(
      before,
      {
        title: "Self-service VPN token reset",
        effort: 8,
        services: ["Remote access", "Identity"],
        owner: "Network L2",
      },
      { actor: "piotr", now: LATER, expectedVersion: 1 },
    );
    expect(after.version).toBe(2);
    expect(after.updatedBy).toBe("piotr");
    expect(after.history.slice(1)).toEqual([
      {
        at: LATER,
        actor: "piotr",
        field: "title",
        from: "Self-service VPN reset",
        to: "Self-service VPN token reset",
      },
      {
        at: LATER,
        actor: "piotr",
        field: "services",
        from: ["Remote access"],
        to: ["Remote access", "Identity"],
      },
      { at: LATER, actor: "piotr", field: "effort", from: 5, to: 8 },
    ]);
  });

  it("compares lists and objects by content, not identity", () => {
    const before = anInitiative();
    const same = updateInitiative(
      before,
      { services: ["Remote access"], kpi: { ...(before.kpi as NonNullable<typeof before.kpi>) } },
      { actor: ACTOR, now: LATER, expectedVersion: 1 },
    );
    expect(same).toBe(before);
  });

  it("records a nested change in the KPI as one entry holding the whole old and new KPI", () => {
    const before = anInitiative();
    const kpi = { ...(before.kpi as NonNullable<typeof before.kpi>), target: 0.9 };
    const after = updateInitiative(before, { kpi }, { actor: ACTOR, now: LATER, expectedVersion: 1 });
    expect(after.history.at(-1)).toEqual({
      at: LATER,
      actor: ACTOR,
      field: "kpi",
      from: before.kpi,
      to: kpi,
    });
  });

  it("clears an optional field with null", () => {
    const after = updateInitiative(
      anInitiative({ manualRank: 3 }),
      { manualRank: null, kpi: null },
      {
        actor: ACTOR,
        now: LATER,
        expectedVersion: 1,
      },
    );
    expect(after.manualRank).toBeNull();
    expect(after.kpi).toBeNull();
  });

  it("refuses to change the status through an edit", () => {
    const error = caught(() =>
      updateInitiative(anInitiative(), { status: "approved" } as InitiativePatch, {
        actor: ACTOR,
        now: LATER,
        expectedVersion: 1,
      }),
    );
    expect(badFields(error)).toEqual(["status"]);
  });

  it("refuses an edit that breaks an invariant and leaves the initiative as it was", () => {
    const before = anInitiative();
    const error = caught(() =>
      updateInitiative(before, { title: "ab", effort: -2 }, { actor: ACTOR, now: LATER, expectedVersion: 1 }),
    );
    expect(badFields(error)).toEqual(["effort", "title"]);
    expect(before.title).toBe("Self-service VPN reset");
  });

  it("lets the go-live date be corrected once implemented, but not set before", () => {
    const implemented = anInitiativeIn("implemented");
    const corrected = updateInitiative(
      implemented,
      { implementedAt: "2026-03-01" },
      {
        actor: ACTOR,
        now: LATER,
        expectedVersion: implemented.version,
      },
    );
    expect(corrected.implementedAt).toBe("2026-03-01");
    const error = caught(() =>
      updateInitiative(
        anInitiative(),
        { implementedAt: "2026-03-01" },
        { actor: ACTOR, now: LATER, expectedVersion: 1 },
      ),
    );
    expect(badFields(error)).toEqual(["implementedAt"]);
  });

  it("grows the version by one and the history by the number of changed fields, whatever the edits", () => {
    const patch = fc.record(
      {
        title: fc.constantFrom("Self-service VPN reset", "Token reset", "Portal reset flow"),
        effort: fc.constantFrom(5, 3, 13),
        owner: fc.constantFrom("Network L2", "Service desk"),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(patch, { maxLength: 8 }), (patches) => {
        let current = anInitiative();
        for (const p of patches) {
          const changed = Object.entries(p).filter(
            ([k, v]) => current[k as keyof typeof current] !== v,
          ).length;
          const next = updateInitiative(current, p, {
            actor: ACTOR,
            now: LATER,
            expectedVersion: current.version,
          });
          expect(next.version).toBe(current.version + (changed > 0 ? 1 : 0));
          expect(next.history.length).toBe(current.history.length + changed);
          current = next;
        }
      }),
    );
  });
});
