import { describe, expect, it } from "vitest";
import {
  INITIATIVE_STATUSES,
  type InitiativeStatus,
} from "../../../functions/src/domain/initiatives/fields.js";
import {
  allowedTransitions,
  nextStatusesFor,
  transition,
} from "../../../functions/src/domain/initiatives/workflow.js";
import { ACTOR, anInitiativeIn, caught, FULL_OPTIONS, NOW } from "./initiative-builders.js";

/** The workflow as the issue states it, written out independently of the implementation's table. */
const SPECIFIED: Record<InitiativeStatus, InitiativeStatus[]> = {
  proposed: ["approved", "rejected", "deferred"],
  approved: ["planned", "rejected", "deferred"],
  planned: ["in-progress"],
  "in-progress": ["implemented"],
  implemented: ["reviewed"],
  reviewed: ["closed"],
  closed: [],
  rejected: [],
  deferred: ["proposed"],
};

const PAIRS = INITIATIVE_STATUSES.flatMap((from) => INITIATIVE_STATUSES.map((to) => ({ from, to })));

describe("Initiative workflow", () => {
  it.each(INITIATIVE_STATUSES)("allows from %s exactly the specified next statuses", (from) => {
    expect([...allowedTransitions(from)].sort()).toEqual([...SPECIFIED[from]].sort());
  });

  it.each(INITIATIVE_STATUSES)(
    "offers a manager and a head from %s the specified steps, and an analyst none",
    (from) => {
      expect([...nextStatusesFor(from, "manager")].sort()).toEqual([...SPECIFIED[from]].sort());
      expect([...nextStatusesFor(from, "head")].sort()).toEqual([...SPECIFIED[from]].sort());
      expect(nextStatusesFor(from, "analyst")).toEqual([]);
    },
  );

  describe.each(PAIRS)("moving from $from to $to", ({ from, to }) => {
    const allowed = SPECIFIED[from].includes(to);
    if (allowed) {
      it("succeeds, bumps the version and records the status change", () => {
        const before = anInitiativeIn(from);
        const after = transition(before, to, { ...FULL_OPTIONS });
        expect(after.status).toBe(to);
        expect(after.version).toBe(before.version + 1);
        expect(after.history.slice(before.history.length)).toContainEqual(
          expect.objectContaining({ field: "status", from, to, actor: ACTOR, at: NOW }),
        );
      });
    } else {
      it("is refused with invalid-transition naming the allowed statuses", () => {
        const before = anInitiativeIn(from);
        const error = caught(() => transition(before, to, { ...FULL_OPTIONS }));
        expect(error.code).toBe("invalid-transition");
        expect(error.details).toMatchObject({ from, to });
        expect([...((error.details?.allowed ?? []) as string[])].sort()).toEqual([...SPECIFIED[from]].sort());
        for (const next of SPECIFIED[from]) expect(error.message).toContain(next);
      });
    }
  });
});

describe("Transition requirements", () => {
  it.each(["rejected", "deferred"] as const)("refuses to move to %s without a reason", (to) => {
    const error = caught(() => transition(anInitiativeIn("proposed"), to, { actor: ACTOR, now: NOW }));
    expect(error.code).toBe("validation");
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "reason" })]);
  });

  it("treats a reason of only spaces as missing", () => {
    const error = caught(() =>
      transition(anInitiativeIn("approved"), "rejected", { actor: ACTOR, now: NOW, reason: "  " }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "reason" })]);
  });

  it("keeps the reason of a rejection on the initiative and on its history entry, and closes it", () => {
    const rejected = transition(anInitiativeIn("proposed"), "rejected", {
      actor: ACTOR,
      now: NOW,
      reason: "Duplicate",
    });
    expect(rejected.statusReason).toBe("Duplicate");
    expect(rejected.closedAt).toBe(NOW);
    expect(rejected.history.find((h) => h.field === "status" && h.to === "rejected")?.reason).toBe(
      "Duplicate",
    );
  });

  it("refuses to mark an initiative implemented without its go-live date", () => {
    const error = caught(() =>
      transition(anInitiativeIn("in-progress"), "implemented", { actor: ACTOR, now: NOW }),
    );
    expect(error.code).toBe("validation");
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "goLive" })]);
  });

  it.each(["2026-02-30", "02.03.2026", "2026-03-20"])(
    "refuses the go-live date %s (not a real past date)",
    (goLive) => {
      const error = caught(() =>
        transition(anInitiativeIn("in-progress"), "implemented", { actor: ACTOR, now: NOW, goLive }),
      );
      expect(error.details?.fields).toEqual([expect.objectContaining({ field: "goLive" })]);
    },
  );

  it("records the go-live date as implementedAt", () => {
    const implemented = transition(anInitiativeIn("in-progress"), "implemented", {
      actor: ACTOR,
      now: NOW,
      goLive: "2026-03-09",
    });
    expect(implemented.implementedAt).toBe("2026-03-09");
    expect(implemented.history).toContainEqual(
      expect.objectContaining({ field: "implementedAt", from: null, to: "2026-03-09" }),
    );
  });

  it("refuses to review an initiative without a benefit assessment", () => {
    const error = caught(() =>
      transition(anInitiativeIn("implemented"), "reviewed", { actor: ACTOR, now: NOW }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "benefit" })]);
  });

  it("refuses a benefit recorded as not realised without a reason", () => {
    const error = caught(() =>
      transition(anInitiativeIn("implemented"), "reviewed", {
        actor: ACTOR,
        now: NOW,
        benefit: { outcome: "not-realised", reason: null },
      }),
    );
    expect(error.code).toBe("validation");
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "benefit.reason" })]);
  });

  it("accepts a not-realised benefit with its reason, and a partly realised one without", () => {
    const notRealised = transition(anInitiativeIn("implemented"), "reviewed", {
      actor: ACTOR,
      now: NOW,
      benefit: { outcome: "not-realised", reason: "Users kept calling the desk" },
    });
    const partly = transition(anInitiativeIn("implemented"), "reviewed", {
      actor: ACTOR,
      now: NOW,
      benefit: { outcome: "partly", reason: null },
    });
    expect(notRealised.benefitRealised).toEqual({
      outcome: "not-realised",
      reason: "Users kept calling the desk",
    });
    expect(notRealised.reviewedAt).toBe(NOW);
    expect(partly.benefitRealised).toEqual({ outcome: "partly", reason: null });
  });

  it("stamps the approval, start and close dates with the transition time", () => {
    const approved = transition(anInitiativeIn("proposed"), "approved", {
      actor: ACTOR,
      now: "2026-03-01T08:00:00Z",
    });
    const started = transition(anInitiativeIn("planned"), "in-progress", {
      actor: ACTOR,
      now: "2026-03-02T08:00:00Z",
    });
    const closed = transition(anInitiativeIn("reviewed"), "closed", {
      actor: ACTOR,
      now: "2026-03-03T08:00:00Z",
    });
    expect(approved.approvedAt).toBe("2026-03-01T08:00:00Z");
    expect(started.startedAt).toBe("2026-03-02T08:00:00Z");
    expect(closed.closedAt).toBe("2026-03-03T08:00:00Z");
  });

  it("returns a deferred initiative to proposed without its old deferral reason or approval", () => {
    const deferred = transition(anInitiativeIn("approved"), "deferred", {
      actor: ACTOR,
      now: NOW,
      reason: "Freeze",
    });
    const proposed = transition(deferred, "proposed", { actor: ACTOR, now: NOW });
    expect(proposed.statusReason).toBeNull();
    expect(proposed.approvedAt).toBeNull();
    expect(proposed.history).toContainEqual(
      expect.objectContaining({ field: "statusReason", from: "Freeze", to: null }),
    );
  });

  it("refuses a transition made on a stale version", () => {
    const current = anInitiativeIn("approved");
    const error = caught(() =>
      transition(current, "planned", { actor: ACTOR, now: NOW, expectedVersion: current.version - 1 }),
    );
    expect(error.code).toBe("version-conflict");
    expect(error.details?.currentVersion).toBe(current.version);
  });
});
