import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import type { ResolvedTicket } from "../../../functions/src/domain/survey.js";
import {
  DEFAULT_POLICY,
  decideInvitation,
  refuseFutureResolution,
  validatePolicy,
} from "../../../functions/src/domain/survey-policy.js";

const now = new Date("2026-11-20T15:00:00Z");
const ticket = (overrides: Partial<ResolvedTicket> = {}): ResolvedTicket => ({
  source: "servicenow",
  ticketId: "INC1",
  title: "VPN drops",
  resolvedAt: "2026-11-20T14:03:00Z",
  requester: { email: "anna@example.com", locale: "pl" },
  agent: "jkowalski",
  ...overrides,
});
const decide = (overrides: Partial<Parameters<typeof decideInvitation>[0]> = {}) =>
  decideInvitation({
    ticket: ticket(),
    profile: { optedOut: false },
    policy: DEFAULT_POLICY,
    now,
    sampleDraw: 0.5,
    ...overrides,
  });

describe("Who is invited to rate a resolved ticket", () => {
  it("invites a requester with an address, expiring after the policy's days", () => {
    expect(decide()).toEqual({ kind: "invite", expiresAt: "2026-12-04T15:00:00.000Z" });
  });

  it.each([undefined, "", "anna", "anna@", "@example.com", "an na@example.com"])(
    "skips an unusable address %j",
    (email) => {
      expect(decide({ ticket: ticket({ requester: { email } }) })).toEqual({
        kind: "skip",
        reason: "no-email",
      });
    },
  );

  it("skips a requester who opted out, for good", () => {
    expect(decide({ profile: { optedOut: true } })).toEqual({ kind: "skip", reason: "opted-out" });
  });

  it("skips a requester invited within the throttle window and invites again after it", () => {
    const sixDaysAgo = new Date(now.getTime() - 6 * 86_400_000).toISOString();
    const eightDaysAgo = new Date(now.getTime() - 8 * 86_400_000).toISOString();
    expect(decide({ profile: { optedOut: false, lastInvitedAt: sixDaysAgo } })).toEqual({
      kind: "skip",
      reason: "throttled",
    });
    expect(decide({ profile: { optedOut: false, lastInvitedAt: eightDaysAgo } }).kind).toBe("invite");
  });

  it("samples by the ticket's fixed draw", () => {
    const policy = { ...DEFAULT_POLICY, sampleRate: 0.3 };
    expect(decide({ policy, sampleDraw: 0.29 }).kind).toBe("invite");
    expect(decide({ policy, sampleDraw: 0.3 })).toEqual({ kind: "skip", reason: "sampled-out" });
  });

  it.each(["jkowalski", "JKowalski", "jkowalski@example.com"])(
    "does not survey the ticket's own agent (%s)",
    (agent) => {
      const own = ticket({ requester: { email: "jkowalski@example.com" }, agent });
      expect(decide({ ticket: own })).toEqual({ kind: "skip", reason: "requester-is-agent" });
    },
  );

  it("invites a ticket resolved exactly the survey window ago, and skips one resolved a second earlier as stale", () => {
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const window = DEFAULT_POLICY.expiryDays * 86_400_000;

    expect(decide({ ticket: ticket({ resolvedAt: ago(window) }) }).kind).toBe("invite");
    expect(decide({ ticket: ticket({ resolvedAt: ago(window + 1000) }) })).toEqual({
      kind: "skip",
      reason: "stale",
    });
  });

  it("measures staleness by the policy's own window, before anything about the requester", () => {
    const policy = { ...DEFAULT_POLICY, expiryDays: 3 };
    const fourDaysAgo = new Date(now.getTime() - 4 * 86_400_000).toISOString();

    expect(decide({ policy, ticket: ticket({ resolvedAt: fourDaysAgo }) })).toEqual({
      kind: "skip",
      reason: "stale",
    });
    expect(
      decide({
        policy,
        ticket: ticket({ resolvedAt: fourDaysAgo, requester: {} }),
        profile: { optedOut: true },
      }),
    ).toEqual({ kind: "skip", reason: "stale" });
  });

  it("refuses a policy with settings out of range, naming them", () => {
    expect(() => validatePolicy({ ...DEFAULT_POLICY, sampleRate: 2, expiryDays: 0 })).toThrow(
      /sampleRate, expiryDays/,
    );
  });
});

describe("When a resolution may be dated", () => {
  const refusal = (resolvedAt: string) => {
    try {
      refuseFutureResolution(resolvedAt, now);
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it("takes a resolution up to five minutes after the clock, for an ITSM tool whose clock runs fast", () => {
    expect(refusal(new Date(now.getTime() + 5 * 60_000).toISOString())).toBeUndefined();
    expect(refusal("1999-01-01T00:00:00Z")).toBeUndefined();
  });

  it("refuses one a second later, naming the resolvedAt field", () => {
    const error = refusal(new Date(now.getTime() + 5 * 60_000 + 1000).toISOString());

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "validation", details: { fields: [{ field: "resolvedAt" }] } });
  });
});
