import { DomainError } from "../../../functions/src/domain/errors.js";
import type { InitiativeStatus } from "../../../functions/src/domain/initiatives/fields.js";
import {
  createInitiative,
  type Initiative,
  type InitiativeInput,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { transition } from "../../../functions/src/domain/initiatives/workflow.js";

export const NOW = "2026-03-10T09:00:00.000Z";
export const ACTOR = "anna.manager";

/** The DomainError that `action` throws; fails the test when it throws nothing or something else. */
export function caught(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

/** A valid initiative input; override what a test is about. */
export function anInput(overrides: Partial<InitiativeInput> = {}): InitiativeInput {
  return {
    title: "Self-service VPN reset",
    description: "Let users reset their VPN token from the portal.",
    source: "survey-feedback",
    services: ["Remote access"],
    category: "technology",
    owner: "Network L2",
    effort: 5,
    estimatedCost: 12_000,
    expectedBenefit: "Fewer VPN tickets, happier remote workers.",
    kpi: {
      dimension: "service",
      value: "Remote access",
      baseline: 0.72,
      target: 0.85,
      targetDate: "2026-09-30",
    },
    ...overrides,
  };
}

/** A freshly created initiative (version 1, proposed). */
export function anInitiative(overrides: Partial<InitiativeInput> = {}, id = "CSI-042"): Initiative {
  return createInitiative(anInput(overrides), { id, actor: ACTOR, now: NOW });
}

/** The transitions from `proposed` that reach each status, walked through the real workflow. */
const PATHS: Record<InitiativeStatus, InitiativeStatus[]> = {
  proposed: [],
  approved: ["approved"],
  planned: ["approved", "planned"],
  "in-progress": ["approved", "planned", "in-progress"],
  implemented: ["approved", "planned", "in-progress", "implemented"],
  reviewed: ["approved", "planned", "in-progress", "implemented", "reviewed"],
  closed: ["approved", "planned", "in-progress", "implemented", "reviewed", "closed"],
  rejected: ["rejected"],
  deferred: ["deferred"],
  "on-hold": ["approved", "planned", "on-hold"],
  cancelled: ["cancelled"],
};

/** Everything any transition could ask for, so that a table test exercises only the workflow's rules. */
export const FULL_OPTIONS = {
  actor: ACTOR,
  now: NOW,
  reason: "Budget moved to next quarter",
  goLive: "2026-03-02",
  benefit: { outcome: "realised", reason: null },
} as const;

/** An initiative brought to `status` through the workflow (`on-hold`: held from planned). */
export function anInitiativeIn(
  status: InitiativeStatus,
  overrides: Partial<InitiativeInput> = {},
  id = "CSI-042",
): Initiative {
  let initiative = anInitiative(overrides, id);
  for (const step of PATHS[status]) initiative = transition(initiative, step, { ...FULL_OPTIONS });
  return initiative;
}

/** An initiative brought to `heldFrom` through the workflow, then put on hold. */
export function anInitiativeHeldFrom(heldFrom: InitiativeStatus, id = "CSI-042"): Initiative {
  return transition(anInitiativeIn(heldFrom, {}, id), "on-hold", {
    ...FULL_OPTIONS,
    reason: "Waiting for the supplier",
  });
}
