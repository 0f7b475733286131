import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import { extractThemes, type Theme, themeGrowth } from "../../../functions/src/domain/themes/index.js";
import { SERVICE_DESK_COMMENTS } from "./service-desk-comments.js";

function theme(key: string, count: number): Theme {
  const responseIds = Array.from({ length: count }, (_, index) => `${key}-${index}`);
  return { key, label: key, count, responseIds, locales: ["pl"], sample: [] };
}

describe("Theme growth between two periods", () => {
  it("ranks first a theme frequent now and rare before", () => {
    const previous = [theme("drukark", 20), theme("vpn", 2), theme("hasl", 10)];
    const current = [theme("drukark", 18), theme("vpn", 30), theme("hasl", 11)];

    const growth = themeGrowth(previous, current, { previousTotal: 100, currentTotal: 100 });

    expect(growth.map((row) => row.key)).toEqual(["vpn", "hasl", "drukark"]);
    expect(growth[0]).toMatchObject({ previousShare: 0.02, currentShare: 0.3, significant: true });
    expect(growth[0]?.growth).toBeCloseTo(0.28, 12);
  });

  it("compares shares, not counts, when the periods differ in size", () => {
    const growth = themeGrowth([theme("kontakt", 10)], [theme("kontakt", 20)], {
      previousTotal: 50,
      currentTotal: 200,
    });

    expect(growth[0]?.growth).toBeCloseTo(0.1 - 0.2, 12);
  });

  it("does not flag a change that chance explains", () => {
    const [row] = themeGrowth([theme("szybk", 10)], [theme("szybk", 12)], {
      previousTotal: 100,
      currentTotal: 100,
    });

    expect(row?.significant).toBe(false);
    expect(row?.pValue).toBeGreaterThan(0.5);
  });

  it("matches the textbook two-proportion z statistic", () => {
    // 30/100 against 45/100: pooled p = 0.375, SE = sqrt(0.375 * 0.625 * 0.02), z = 0.15 / SE.
    const [row] = themeGrowth([theme("mail", 30)], [theme("mail", 45)], {
      previousTotal: 100,
      currentTotal: 100,
    });

    expect(row?.z).toBeCloseTo(0.15 / Math.sqrt(0.375 * 0.625 * 0.02), 10);
    expect(row?.pValue).toBeCloseTo(0.0285, 3);
  });

  it("counts a theme missing from a period as zero there", () => {
    const growth = themeGrowth([theme("stary", 5)], [theme("nowy", 5)], {
      previousTotal: 50,
      currentTotal: 50,
    });

    expect(growth.map((row) => [row.key, row.previousCount, row.currentCount])).toEqual([
      ["nowy", 0, 5],
      ["stary", 5, 0],
    ]);
  });

  it("takes a missing word's count from the phrase it was folded into", () => {
    const growth = themeGrowth([theme("reset hasl", 4)], [theme("hasl", 6)], {
      previousTotal: 40,
      currentTotal: 40,
    });

    expect(growth.find((row) => row.key === "hasl")?.previousCount).toBe(4);
  });

  it("uses the normal CDF it is given", () => {
    const [row] = themeGrowth([theme("vpn", 1)], [theme("vpn", 9)], {
      previousTotal: 20,
      currentTotal: 20,
      normalCdf: () => 0.5,
    });

    expect(row?.pValue).toBe(1);
    expect(row?.significant).toBe(false);
  });

  it("stays defined when a period has no comments", () => {
    const [row] = themeGrowth([], [theme("vpn", 3)], { previousTotal: 0, currentTotal: 10 });

    expect(row).toMatchObject({ previousShare: 0, currentShare: 0.3, z: 0, significant: false });
  });

  it("rejects totals smaller than a theme's count or not whole", () => {
    expect(() => themeGrowth([theme("vpn", 5)], [], { previousTotal: 4, currentTotal: 10 })).toThrow(
      DomainError,
    );
    expect(() => themeGrowth([], [], { previousTotal: 1.5, currentTotal: 10 })).toThrow(DomainError);
    expect(() => themeGrowth([], [], { previousTotal: 1, currentTotal: 1, alpha: 0 })).toThrow(DomainError);
  });

  it("finds the June VPN outage in the fixture comments", () => {
    const may = SERVICE_DESK_COMMENTS.filter((comment) => (comment.day ?? "") < "2025-06-01");
    const june = SERVICE_DESK_COMMENTS.filter((comment) => (comment.day ?? "") >= "2025-06-01");

    const growth = themeGrowth(
      extractThemes(may, { minSupport: 1, maxThemes: 1000 }),
      extractThemes(june, { minSupport: 1, maxThemes: 1000 }),
      {
        previousTotal: may.length,
        currentTotal: june.length,
      },
    );

    expect(growth[0]).toMatchObject({ key: "vpn", previousCount: 1 });
    expect(growth[0]?.currentCount).toBeGreaterThanOrEqual(4);
  });
});
