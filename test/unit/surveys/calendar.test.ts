import { describe, expect, it } from "vitest";
import {
  addDays,
  bucketStart,
  bucketStarts,
  eachDay,
  eachMonth,
  isIsoDay,
  isSupportedDay,
  localDay,
  shiftBucket,
} from "../../../functions/src/domain/calendar.js";
import { DomainError } from "../../../functions/src/domain/errors.js";

describe("Calendar buckets in the organisation's time zone", () => {
  it("counts an evening resolution in Warsaw on the local day", () => {
    expect(localDay(new Date("2026-11-20T23:30:00Z"), "Europe/Warsaw")).toBe("2026-11-21");
    expect(localDay(new Date("2026-11-20T23:30:00Z"), "UTC")).toBe("2026-11-20");
  });

  it("starts weeks on Monday, months on the 1st and quarters in January, April, July and October", () => {
    expect(bucketStart("2026-11-22", "week")).toBe("2026-11-16");
    expect(bucketStart("2026-11-23", "week")).toBe("2026-11-23");
    expect(bucketStart("2026-11-22", "month")).toBe("2026-11-01");
    expect(bucketStart("2026-11-22", "quarter")).toBe("2026-10-01");
    expect(bucketStart("2026-03-31", "quarter")).toBe("2026-01-01");
  });

  it("lists every bucket that overlaps a range, even a partial one", () => {
    expect(bucketStarts("2026-01-15", "2026-04-02", "month")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
    ]);
  });

  it.each(["2026-02-29", "2026-13-01", "2026-1-01", "yesterday"])("rejects %s as a day", (value) => {
    expect(isIsoDay(value)).toBe(false);
  });
});

describe("Calendar arithmetic is total", () => {
  it("refuses to step past the year 9999 instead of writing a six-digit year", () => {
    expect(() => addDays("9999-12-31", 1)).toThrow(DomainError);
    expect(() => shiftBucket("9999-10-01", "quarter", 1)).toThrow(DomainError);
  });

  it("refuses a day that is not a date instead of looping over it", () => {
    expect(() => eachDay("not-a-day", "2026-01-01")).toThrow(DomainError);
    expect(() => eachMonth("2026-01-01", "+10000-01")).toThrow(DomainError);
  });

  it("refuses a range longer than any the API accepts rather than building it", () => {
    expect(() => eachDay("0000-01-01", "9999-12-31")).toThrow(DomainError);
    expect(() => bucketStarts("0000-01-01", "9999-12-31", "quarter")).toThrow(DomainError);
    expect(() => eachMonth("0000-01-01", "9999-12-31")).toThrow(DomainError);
  });

  it("still counts the months across a year end", () => {
    expect(eachMonth("2025-11-15", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("accepts only days from 2000-01-01 to 2100-12-31 at the edge", () => {
    expect(isSupportedDay("2000-01-01")).toBe(true);
    expect(isSupportedDay("2100-12-31")).toBe(true);
    expect(isSupportedDay("1999-12-31")).toBe(false);
    expect(isSupportedDay("9999-12-31")).toBe(false);
  });
});
