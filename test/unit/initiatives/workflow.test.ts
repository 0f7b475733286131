import { describe, expect, it } from "vitest";
import {
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  OPEN_STATUSES,
  type TaskState,
} from "../../../functions/src/domain/initiatives/fields.js";
import {
  type Initiative,
  type InitiativeTask,
  percentComplete,
  updateInitiative,
} from "../../../functions/src/domain/initiatives/initiative.js";
import {
  allowedTransitions,
  nextStatusesFor,
  transition,
} from "../../../functions/src/domain/initiatives/workflow.js";
import {
  ACTOR,
  anInitiative,
  anInitiativeHeldFrom,
  anInitiativeIn,
  caught,
  FULL_OPTIONS,
  NOW,
} from "./initiative-builders.js";

/** The workflow as the issue states it, written out independently of the implementation's table. */
const SPECIFIED: Record<Exclude<InitiativeStatus, "on-hold">, InitiativeStatus[]> = {
  proposed: ["approved", "rejected", "deferred", "on-hold", "cancelled"],
  approved: ["planned", "rejected", "deferred", "on-hold", "cancelled"],
  planned: ["in-progress", "on-hold", "cancelled"],
  "in-progress": ["implemented", "on-hold", "cancelled"],
  implemented: ["reviewed", "on-hold", "cancelled"],
  reviewed: ["closed", "on-hold", "cancelled"],
  closed: [],
  rejected: [],
  deferred: ["proposed", "on-hold", "cancelled"],
  cancelled: [],
};

/** Every state an initiative can be in: each status, and on hold once per status it was held from. */
const STATES: Array<{
  name: string;
  from: InitiativeStatus;
  build: () => Initiative;
  next: InitiativeStatus[];
}> = [
  ...INITIATIVE_STATUSES.flatMap((from) =>
    from === "on-hold"
      ? []
      : [{ name: from, from, build: () => anInitiativeIn(from), next: SPECIFIED[from] }],
  ),
  ...OPEN_STATUSES.map((heldFrom) => ({
    name: `on-hold (held from ${heldFrom})`,
    from: "on-hold" as const,
    build: () => anInitiativeHeldFrom(heldFrom),
    next: [heldFrom, "cancelled"] as InitiativeStatus[],
  })),
];

const PAIRS = STATES.flatMap((state) => INITIATIVE_STATUSES.map((to) => ({ ...state, to })));

describe("Initiative workflow", () => {
  it.each(STATES)("allows from $name exactly the specified next statuses", ({ build, next }) => {
    const initiative = build();
    expect([...allowedTransitions(initiative.status, initiative.heldFrom)].sort()).toEqual([...next].sort());
  });

  it.each(STATES)(
    "offers a manager and a head from $name the specified steps, and an analyst none",
    ({ build, next }) => {
      const initiative = build();
      expect([...nextStatusesFor(initiative, "manager")].sort()).toEqual([...next].sort());
      expect([...nextStatusesFor(initiative, "head")].sort()).toEqual([...next].sort());
      expect(nextStatusesFor(initiative, "analyst")).toEqual([]);
    },
  );

  it("lists every open status as a way back from hold when the held-from status is not known", () => {
    expect([...allowedTransitions("on-hold")].sort()).toEqual([...OPEN_STATUSES, "cancelled"].sort());
  });

  describe.each(PAIRS)("moving from $name to $to", ({ from, to, build, next }) => {
    const allowed = next.includes(to);
    if (allowed) {
      it("succeeds, bumps the version and records the status change", () => {
        const before = build();
        const after = transition(before, to, { ...FULL_OPTIONS });
        expect(after.status).toBe(to);
        expect(after.version).toBe(before.version + 1);
        expect(after.history.slice(before.history.length)).toContainEqual(
          expect.objectContaining({ field: "status", from, to, actor: ACTOR, at: NOW }),
        );
      });
    } else {
      it("is refused with invalid-transition naming the allowed statuses", () => {
        const before = build();
        const error = caught(() => transition(before, to, { ...FULL_OPTIONS }));
        expect(error.code).toBe("invalid-transition");
        expect(error.details).toMatchObject({ from, to });
        expect([...((error.details?.allowed ?? []) as string[])].sort()).toEqual([...next].sort());
        for (const status of next) expect(error.message).toContain(status);
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

describe("On hold and cancel", () => {
  it.each(OPEN_STATUSES)("refuses to put a %s initiative on hold or cancel it without a reason", (from) => {
    for (const to of ["on-hold", "cancelled"] as const) {
      const error = caught(() =>
        transition(anInitiativeIn(from), to, { actor: ACTOR, now: NOW, reason: " " }),
      );
      expect(error.code).toBe("validation");
      expect(error.details?.fields).toEqual([expect.objectContaining({ field: "reason" })]);
    }
  });

  it.each(OPEN_STATUSES)(
    "resumes a %s initiative held with a reason to where it was, its dates and verdict kept",
    (heldFrom) => {
      const before = anInitiativeIn(heldFrom);
      const held = transition(before, "on-hold", { actor: ACTOR, now: NOW, reason: "Supplier strike" });
      expect(held).toMatchObject({ status: "on-hold", heldFrom, statusReason: "Supplier strike" });
      const resumed = transition(held, heldFrom, {
        actor: ACTOR,
        now: "2026-03-11T09:00:00.000Z",
        reason: "Strike over",
      });
      expect(resumed.status).toBe(heldFrom);
      expect(resumed.heldFrom).toBeNull();
      for (const field of [
        "approvedAt",
        "startedAt",
        "implementedAt",
        "reviewedAt",
        "benefitRealised",
      ] as const) {
        expect(resumed[field]).toEqual(before[field]);
      }
      expect(resumed.statusReason).toBe(heldFrom === "deferred" ? "Strike over" : null);
      const steps = resumed.history.filter((entry) => entry.field === "status").slice(-2);
      expect(steps).toEqual([
        expect.objectContaining({ from: heldFrom, to: "on-hold", reason: "Supplier strike" }),
        expect.objectContaining({ from: "on-hold", to: heldFrom, reason: "Strike over" }),
      ]);
      expect(resumed.history).toContainEqual(
        expect.objectContaining({ field: "heldFrom", from: heldFrom, to: null }),
      );
    },
  );

  it("asks a reason again to resume a deferred initiative, as for any deferral", () => {
    const error = caught(() =>
      transition(anInitiativeHeldFrom("deferred"), "deferred", { actor: ACTOR, now: NOW }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "reason" })]);
  });

  it.each([
    ...OPEN_STATUSES.map((s) => ({ name: s, build: () => anInitiativeIn(s) })),
    {
      name: "on-hold",
      build: () => anInitiativeHeldFrom("in-progress"),
    },
  ])("cancels a $name initiative for good as withdrawn, keeping the reason", ({ build }) => {
    const cancelled = transition(build(), "cancelled", { actor: ACTOR, now: NOW, reason: "Service retired" });
    expect(cancelled).toMatchObject({
      status: "cancelled",
      statusReason: "Service retired",
      closureCode: "withdrawn",
      closedAt: NOW,
      heldFrom: null,
    });
    expect(allowedTransitions(cancelled.status)).toEqual([]);
  });

  it("refuses to record a cancellation as anything but withdrawn", () => {
    const error = caught(() =>
      transition(anInitiativeIn("planned"), "cancelled", {
        actor: ACTOR,
        now: NOW,
        reason: "No budget",
        closureCode: "successful",
      }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "closureCode" })]);
  });
});

describe("Closure codes", () => {
  it.each([
    ["realised", "successful"],
    ["partly", "partially-successful"],
    ["not-realised", "unsuccessful"],
  ] as const)("closes an initiative whose benefit was %s as %s when no code is given", (outcome, code) => {
    const reviewed = transition(anInitiativeIn("implemented"), "reviewed", {
      actor: ACTOR,
      now: NOW,
      benefit: { outcome, reason: "As measured" },
    });
    const closed = transition(reviewed, "closed", { actor: ACTOR, now: NOW });
    expect(closed.closureCode).toBe(code);
    expect(closed.history).toContainEqual(
      expect.objectContaining({ field: "closureCode", from: null, to: code }),
    );
  });

  it("closes with the code the closer chose over the one the verdict proposes", () => {
    const closed = transition(anInitiativeIn("reviewed"), "closed", {
      actor: ACTOR,
      now: NOW,
      closureCode: "withdrawn",
    });
    expect(closed.closureCode).toBe("withdrawn");
  });

  it.each(["approved", "on-hold", "rejected"] as const)("refuses a closure code on a move to %s", (to) => {
    const error = caught(() =>
      transition(anInitiativeIn("proposed"), to, { ...FULL_OPTIONS, closureCode: "successful" }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "closureCode" })]);
  });
});

describe("Stored hold and closure fields", () => {
  it("codes an imported closed initiative from its verdict, and a cancelled one as withdrawn", () => {
    const closed = anInitiative({
      status: "closed",
      implementedAt: "2026-01-05",
      benefitRealised: { outcome: "partly", reason: null },
    });
    const cancelled = anInitiative({ status: "cancelled", statusReason: "Retired" });
    expect(closed.closureCode).toBe("partially-successful");
    expect(cancelled.closureCode).toBe("withdrawn");
  });

  it("refuses an on-hold initiative without the status it was held from, and a closure code on an open one", () => {
    const held = caught(() => anInitiative({ status: "on-hold", statusReason: "Freeze" }));
    const coded = caught(() => anInitiative({ closureCode: "successful" }));
    expect(held.details?.fields).toEqual([expect.objectContaining({ field: "heldFrom" })]);
    expect(coded.details?.fields).toEqual([expect.objectContaining({ field: "closureCode" })]);
  });

  it("judges an initiative held after go-live by the rules of the status it was held from", () => {
    const held = anInitiative({
      status: "on-hold",
      heldFrom: "implemented",
      statusReason: "Freeze",
      implementedAt: "2026-01-05",
    });
    expect(held.heldFrom).toBe("implemented");
    const error = caught(() =>
      anInitiative({ status: "on-hold", heldFrom: "implemented", statusReason: "Freeze" }),
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ field: "implementedAt" })]);
  });
});

describe("Approval above the cost threshold", () => {
  const THRESHOLD = 10_000;
  const COSTS = [
    { cost: 9_000, label: "below the threshold" },
    { cost: 10_000, label: "at the threshold" },
    { cost: 12_000, label: "above the threshold" },
    { cost: null, label: "not estimated" },
  ];
  const ROLES = ["manager", "head"] as const;
  /** Every allowed step from every state, for each role and estimate: only approving costlier work takes a head. */
  const CASES = STATES.flatMap((state) =>
    state.next.flatMap((to) =>
      ROLES.flatMap((role) => COSTS.map((cost) => ({ ...state, to, role, ...cost }))),
    ),
  );

  it.each(CASES)(
    "lets a $role move $name to $to with a cost $label only as the rule says",
    ({ from, to, role, cost, build }) => {
      const before = { ...build(), estimatedCost: cost };
      const options = { ...FULL_OPTIONS, actorRole: role, approvalThreshold: THRESHOLD };
      const headOnly = to === "approved" && from !== "on-hold" && (cost === null || cost > THRESHOLD);
      if (headOnly && role !== "head") {
        const error = caught(() => transition(before, to, options));
        expect(error.code).toBe("approval-required");
        expect(error.details).toMatchObject({ estimatedCost: cost, approvalThreshold: THRESHOLD });
      } else {
        expect(transition(before, to, options).status).toBe(to);
      }
    },
  );

  it("lets any manager approve when no threshold is set, whatever the cost", () => {
    const costly = { ...anInitiativeIn("proposed"), estimatedCost: 1e9 };
    const options = { ...FULL_OPTIONS, actorRole: "manager" as const, approvalThreshold: null };
    expect(transition(costly, "approved", options).status).toBe("approved");
  });
});

describe("Tasks", () => {
  const task = (state: TaskState, title = `Task ${state}`): InitiativeTask => ({
    title,
    owner: "Ewa",
    due: "2026-04-30",
    state,
  });

  it.each(STATES)(
    "lets the tasks of a $name initiative be edited, each change in the history",
    ({ build }) => {
      const before = build();
      const after = updateInitiative(
        before,
        { tasks: [task("done"), task("open")] },
        { actor: ACTOR, now: NOW, expectedVersion: before.version },
      );
      expect(after.tasks).toEqual([task("done"), task("open")]);
      expect(after.history.at(-1)).toMatchObject({ field: "tasks", from: [], to: after.tasks });
      expect(percentComplete(after.tasks)).toBe(50);
    },
  );

  it.each([
    [[], null],
    [["cancelled"], null],
    [["open"], 0],
    [["in-progress"], 0],
    [["done"], 100],
    [["done", "open", "in-progress"], 33],
    [["done", "done", "cancelled"], 100],
    [["done", "in-progress", "cancelled"], 50],
  ] as Array<[TaskState[], number | null]>)("derives %j as %s%% complete", (states, percent) => {
    expect(percentComplete(states.map((state) => task(state)))).toBe(percent);
  });

  it.each([
    ["open", false],
    ["in-progress", false],
    ["done", true],
    ["cancelled", true],
  ] as Array<[TaskState, boolean]>)("closes an initiative with a task %s: %s", (state, closes) => {
    const reviewed = anInitiativeIn("reviewed");
    const withTask = { ...reviewed, tasks: [task("done"), task(state, "Retire the old form")] };
    if (closes) expect(transition(withTask, "closed", FULL_OPTIONS).status).toBe("closed");
    else {
      const error = caught(() => transition(withTask, "closed", FULL_OPTIONS));
      expect(error.details?.fields).toEqual([
        {
          field: "tasks",
          message: 'must all be done or cancelled to close; still open: "Retire the old form"',
        },
      ]);
    }
  });

  it("cancels an initiative whatever its tasks, leaving them as they were", () => {
    const planned = { ...anInitiativeIn("planned"), tasks: [task("open")] };
    expect(transition(planned, "cancelled", FULL_OPTIONS).tasks).toEqual([task("open")]);
  });

  it("refuses a task without a title, with a bar in it, a date that is not one or an unknown state, naming each", () => {
    const error = caught(() =>
      anInitiative({
        tasks: [
          { ...task("open"), title: "" },
          { ...task("open"), title: "Train | coach" },
          { ...task("open"), due: "30.04.2026" },
          { ...task("open"), state: "blocked" as TaskState },
        ],
      }),
    );
    expect(((error.details?.fields ?? []) as Array<{ field: string }>).map((f) => f.field)).toEqual([
      "tasks.0.title",
      "tasks.1.title",
      "tasks.2.due",
      "tasks.3.state",
    ]);
  });
});
