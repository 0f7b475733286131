import { describe, expect, it } from "vitest";
import { assertRange, MAX_RANGE_DAYS } from "../../../functions/src/app/analytics/date-range.js";
import { DomainError } from "../../../functions/src/domain/errors.js";

function errorOf(action: () => void): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

describe("Analytics date range check", () => {
  it("accepts a single day and a range of exactly the longest span", () => {
    expect(() => assertRange("2026-03-01", "2026-03-01")).not.toThrow();
    // 2024-01-01 plus 1200 days, counted by hand: 366 (2024) + 365 (2025) + 365 (2026) = 1096 to 2027-01-01, plus 104.
    expect(MAX_RANGE_DAYS).toBe(1_200);
    expect(() => assertRange("2024-01-01", "2027-04-15")).not.toThrow();
  });

  it("rejects a range one day longer than the longest span", () => {
    const error = errorOf(() => assertRange("2024-01-01", "2027-04-16"));

    expect(error.code).toBe("validation");
    expect(error.details).toEqual({ fields: ["from", "to"] });
  });

  it("rejects a start after the end, naming the caller's fields", () => {
    const error = errorOf(() => assertRange("2026-03-02", "2026-03-01", ["compareFrom", "compareTo"]));

    expect(error.code).toBe("validation");
    expect(error.message).toContain("compareFrom");
    expect(error.details).toEqual({ fields: ["compareFrom", "compareTo"] });
  });
});
