import { describe, expect, it } from "vitest";
import {
  addFollowUpNote,
  applyRatingToCase,
  decideCaseOnRating,
  FOLLOW_UP_STATUSES,
  type FollowUpCase,
  type FollowUpStatus,
  isOverdue,
  linkCaseToInitiative,
  openFollowUpCase,
  promoteCaseToInitiative,
  transitionFollowUp,
} from "../../../functions/src/domain/follow-ups/follow-up-case.js";
import { createInitiative } from "../../../functions/src/domain/initiatives/initiative.js";
import { caught } from "../initiatives/initiative-builders.js";

const FRIDAY = "2026-03-13T14:00:00.000Z";
const ACTOR = "marta.manager";

function aCase(overrides: Partial<Parameters<typeof openFollowUpCase>[0]> = {}): FollowUpCase {
  return openFollowUpCase(
    {
      id: "fu-1",
      responseId: "resp-1",
      rating: 1,
      ticketId: "INC0012345",
      service: "Remote access",
      ownerGroup: "Network L2",
      comment: "VPN drops every hour",
      ...overrides,
    },
    { now: FRIDAY },
  );
}

function aCaseIn(status: FollowUpStatus): FollowUpCase {
  if (status === "open") return aCase();
  if (status === "contacted") return transitionFollowUp(aCase(), "contacted", { actor: ACTOR, now: FRIDAY });
  return transitionFollowUp(aCase(), "resolved", { actor: ACTOR, now: FRIDAY });
}

const SPECIFIED: Record<FollowUpStatus, FollowUpStatus[]> = {
  open: ["contacted", "resolved"],
  contacted: ["resolved"],
  resolved: [],
};

describe("Opening a follow-up case", () => {
  it("opens a case due two working days later, across the weekend", () => {
    const followUp = aCase();
    expect(followUp).toMatchObject({
      status: "open",
      openedAt: FRIDAY,
      version: 1,
      rating: 1,
      initiativeId: null,
    });
    expect(followUp.dueAt).toBe("2026-03-17T14:00:00.000Z");
  });

  it("follows the policy's working days and holidays", () => {
    const followUp = openFollowUpCase(
      { id: "fu-2", responseId: "resp-2", rating: 3 },
      { now: FRIDAY, policy: { threshold: 3, workingDays: 1, holidays: ["2026-03-16"] } },
    );
    expect(followUp.dueAt).toBe("2026-03-17T14:00:00.000Z");
  });

  it("refuses to open a case for a rating above the threshold", () => {
    expect(caught(() => aCase({ rating: 3 })).code).toBe("validation");
  });
});

describe("Overdue cases", () => {
  const followUp = aCase();

  it("is not overdue until its due time has passed", () => {
    expect(isOverdue(followUp, "2026-03-17T13:59:59.000Z")).toBe(false);
    expect(isOverdue(followUp, "2026-03-17T14:00:00.000Z")).toBe(false);
  });

  it("is overdue once its due time has passed while still open", () => {
    expect(isOverdue(followUp, "2026-03-17T14:00:01.000Z")).toBe(true);
  });

  it("is not overdue once the requester was contacted, the deadline being for that contact", () => {
    expect(isOverdue(aCaseIn("contacted"), "2026-03-18T09:00:00.000Z")).toBe(false);
  });

  it("is never overdue once resolved", () => {
    expect(isOverdue(aCaseIn("resolved"), "2026-04-30T00:00:00.000Z")).toBe(false);
  });
});

describe("Deciding on a rating", () => {
  it.each([
    ["no case, rating 1", undefined, 1, "open"],
    ["no case, rating 2 (at the threshold)", undefined, 2, "open"],
    ["no case, rating 3", undefined, 3, "none"],
    ["an open case, rating 2", "open", 2, "keep"],
    ["an open case, rating 3", "open", 3, "close"],
    ["a contacted case, rating 5", "contacted", 5, "close"],
    ["a resolved case, rating 1", "resolved", 1, "reopen"],
    ["a resolved case, rating 4", "resolved", 4, "none"],
  ] as const)("%s -> %s", (_, status, rating, decision) => {
    expect(decideCaseOnRating(status === undefined ? undefined : { status }, rating, 2)).toBe(decision);
  });

  it("honours a different threshold", () => {
    expect(decideCaseOnRating(undefined, 3, 3)).toBe("open");
  });

  it("refuses a rating outside 1..5", () => {
    expect(caught(() => decideCaseOnRating(undefined, 6)).code).toBe("validation");
  });
});

describe("A rating changed after the case opened", () => {
  it("closes an open case by itself when raised above the threshold", () => {
    const closed = applyRatingToCase(aCase(), 5, { now: "2026-03-14T08:00:00.000Z" });
    expect(closed).toMatchObject({
      status: "resolved",
      resolution: "rating-raised",
      resolvedAt: "2026-03-14T08:00:00.000Z",
      rating: 5,
      version: 2,
      updatedBy: "system",
    });
    expect(closed.notes.at(-1)?.text).toContain("Rating raised to 5");
  });

  it("closes a contacted case the same way", () => {
    expect(applyRatingToCase(aCaseIn("contacted"), 4, { now: FRIDAY }).resolution).toBe("rating-raised");
  });

  it("reopens a resolved case with a fresh deadline when the rating drops again", () => {
    const closed = applyRatingToCase(aCase(), 5, { now: FRIDAY });
    const reopened = applyRatingToCase(closed, 1, { now: "2026-03-16T10:00:00.000Z" });
    expect(reopened).toMatchObject({ status: "open", resolution: null, resolvedAt: null, rating: 1 });
    expect(reopened.dueAt).toBe("2026-03-18T10:00:00.000Z");
  });

  it("records a change between low ratings and leaves an unchanged rating alone", () => {
    const followUp = aCase();
    const changed = applyRatingToCase(followUp, 2, { now: FRIDAY });
    expect(changed).toMatchObject({ status: "open", rating: 2, version: 2 });
    expect(applyRatingToCase(followUp, 1, { now: FRIDAY })).toBe(followUp);
  });
});

describe("Follow-up transitions", () => {
  const pairs = FOLLOW_UP_STATUSES.flatMap((from) => FOLLOW_UP_STATUSES.map((to) => ({ from, to })));

  it.each(pairs)("$from -> $to is allowed only if specified", ({ from, to }) => {
    const before = aCaseIn(from);
    if (SPECIFIED[from].includes(to)) {
      const after = transitionFollowUp(before, to, { actor: ACTOR, now: "2026-03-16T09:00:00.000Z" });
      expect(after.status).toBe(to);
      expect(after.version).toBe(before.version + 1);
      if (to === "contacted") expect(after.contactedAt).toBe("2026-03-16T09:00:00.000Z");
      if (to === "resolved")
        expect(after).toMatchObject({ resolution: "handled", resolvedAt: "2026-03-16T09:00:00.000Z" });
    } else {
      const error = caught(() => transitionFollowUp(before, to, { actor: ACTOR, now: FRIDAY }));
      expect(error.code).toBe("invalid-transition");
      expect(error.details).toMatchObject({ from, to, allowed: SPECIFIED[from] });
    }
  });

  it("keeps the note given with a transition", () => {
    const contacted = transitionFollowUp(aCase(), "contacted", {
      actor: ACTOR,
      now: FRIDAY,
      note: "Called Anna, VPN client outdated",
    });
    expect(contacted.notes).toEqual([{ at: FRIDAY, actor: ACTOR, text: "Called Anna, VPN client outdated" }]);
  });

  it("refuses a change made on a stale version", () => {
    const error = caught(() =>
      addFollowUpNote(aCase(), { actor: ACTOR, now: FRIDAY, note: "x", expectedVersion: 7 }),
    );
    expect(error.code).toBe("version-conflict");
    expect(error.details?.currentVersion).toBe(1);
  });

  it("refuses an empty note", () => {
    expect(caught(() => addFollowUpNote(aCase(), { actor: ACTOR, now: FRIDAY, note: "  " })).code).toBe(
      "validation",
    );
  });
});

describe("Cases and initiatives", () => {
  it("links a case to an initiative by its canonical id", () => {
    const linked = linkCaseToInitiative(aCase(), "csi-42", { actor: ACTOR, now: FRIDAY });
    expect(linked.initiativeId).toBe("CSI-042");
    expect(caught(() => linkCaseToInitiative(aCase(), "INC1", { actor: ACTOR, now: FRIDAY })).code).toBe(
      "validation",
    );
  });

  it("promotes a case into a valid survey-feedback initiative linked to the response", () => {
    const input = promoteCaseToInitiative(aCase(), { owner: "Network L2" });
    expect(input).toMatchObject({
      source: "survey-feedback",
      services: ["Remote access"],
      linkedResponseIds: ["resp-1"],
      description: "VPN drops every hour",
      owner: "Network L2",
    });
    const initiative = createInitiative(input, { id: "CSI-100", actor: ACTOR, now: FRIDAY });
    expect(initiative.status).toBe("proposed");
  });
});
