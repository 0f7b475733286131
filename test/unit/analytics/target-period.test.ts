import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { periodRange, periodsOf, targetFor } from "../../../functions/src/app/analytics/target-period.js";
import type { CsatTarget } from "../../../functions/src/app/ports.js";
import { DomainError } from "../../../functions/src/domain/errors.js";

const isoDay = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

function target(service: string | null, period: string, value: number): CsatTarget {
  return { service, period, value, setBy: "head@example.com", setAt: "2026-01-05T09:00:00.000Z" };
}

describe("Target period range", () => {
  it("spans a whole year from 1 January to 31 December", () => {
    expect(periodRange("2026")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it.each([
    ["2026-Q1", "2026-01-01", "2026-03-31"],
    ["2026-Q2", "2026-04-01", "2026-06-30"],
    ["2026-Q3", "2026-07-01", "2026-09-30"],
    ["2026-Q4", "2026-10-01", "2026-12-31"],
  ])("spans %s from %s to %s", (period, from, to) => {
    expect(periodRange(period)).toEqual({ from, to });
  });

  it("ends the first quarter of a leap year on 31 March, not on a February day", () => {
    expect(periodRange("2028-Q1")).toEqual({ from: "2028-01-01", to: "2028-03-31" });
  });

  it.each(["26", "2026-Q5", "2026-Q0", "2026-q4", "2026Q4", "2026-Q4 ", "2026-04", ""])(
    "rejects %j as a validation error naming the period field",
    (period) => {
      const attempt = () => periodRange(period);

      expect(attempt).toThrow(DomainError);
      try {
        attempt();
      } catch (error) {
        expect((error as DomainError).code).toBe("validation");
        expect((error as DomainError).details).toEqual({ fields: ["period"] });
      }
    },
  );

  it("puts every day of a year in exactly one of its quarters, and the quarters tile the year", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9998 }), (year) => {
        const quarters = [1, 2, 3, 4].map((q) => periodRange(`${year}-Q${q}`));
        const whole = periodRange(String(year));

        expect(quarters[0]?.from).toBe(whole.from);
        expect(quarters[3]?.to).toBe(whole.to);
        for (let q = 1; q < 4; q += 1) {
          const next = new Date(`${quarters[q - 1]?.to}T00:00:00Z`);
          next.setUTCDate(next.getUTCDate() + 1);
          expect(quarters[q]?.from).toBe(next.toISOString().slice(0, 10));
        }
      }),
    );
  });
});

describe("Periods a day falls in", () => {
  it.each([
    ["2026-01-01", "2026-Q1"],
    ["2026-03-31", "2026-Q1"],
    ["2026-04-01", "2026-Q2"],
    ["2026-09-30", "2026-Q3"],
    ["2026-10-01", "2026-Q4"],
    ["2026-12-31", "2026-Q4"],
  ])("places %s in %s and then its year", (day, quarter) => {
    expect(periodsOf(day)).toEqual([quarter, "2026"]);
  });

  it("names periods whose ranges contain the day", () => {
    fc.assert(
      fc.property(isoDay, (day) => {
        for (const period of periodsOf(day)) {
          const { from, to } = periodRange(period);
          expect(from <= day && day <= to).toBe(true);
        }
      }),
    );
  });
});

describe("Target that applies on a day", () => {
  const targets = [
    target(null, "2026", 0.85),
    target(null, "2026-Q4", 0.88),
    target("Email", "2026", 0.8),
    target("VPN", "2026-Q2", 0.7),
  ];

  it("prefers the scope's quarter target to its year target", () => {
    expect(targetFor(targets, null, "2026-11-15")?.value).toBe(0.88);
  });

  it("uses the scope's year target in a quarter without its own", () => {
    expect(targetFor(targets, null, "2026-05-15")?.value).toBe(0.85);
    expect(targetFor(targets, "Email", "2026-11-15")?.value).toBe(0.8);
  });

  it("holds a service without a target of its own to the organisation's target", () => {
    expect(targetFor(targets, "Printing", "2026-11-15")?.value).toBe(0.88);
    expect(targetFor(targets, "VPN", "2026-08-01")?.value).toBe(0.85);
  });

  it("finds nothing for such a service when falling back to the overall target is turned off", () => {
    expect(targetFor(targets, "Printing", "2026-11-15", false)).toBeUndefined();
    expect(targetFor(targets, "VPN", "2026-05-01", false)?.value).toBe(0.7);
  });

  it("finds nothing on a day outside every target's period", () => {
    expect(targetFor(targets, null, "2027-01-01")).toBeUndefined();
    expect(targetFor(targets, "Email", "2025-12-31")).toBeUndefined();
  });
});
