import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import { themeGrowth } from "../../../functions/src/domain/themes/index.js";

const theme = (key: string, count: number) => ({ key, label: `${key} label`, count });

describe("Theme growth between two periods", () => {
  it("flags a theme that went from rare to frequent, and not one that stayed put", () => {
    const previous = [theme("vpn", 2), theme("hasl", 10)];
    const current = [theme("vpn", 30), theme("hasl", 11)];

    const growth = themeGrowth(previous, current, { previousTotal: 100, currentTotal: 100 });

    expect(growth.map((row) => row.key)).toEqual(["vpn", "hasl"]);
    expect(growth[0]).toMatchObject({ previousShare: 0.02, currentShare: 0.3, significant: true });
    expect(growth[0]?.growth).toBeCloseTo(0.28, 12);
    expect(growth[1]?.significant).toBe(false);
  });

  it("compares shares of comments, not counts, when the periods differ in size", () => {
    const [row] = themeGrowth([theme("kontakt", 10)], [theme("kontakt", 20)], {
      previousTotal: 50,
      currentTotal: 200,
    });

    expect(row?.growth).toBeCloseTo(0.1 - 0.2, 12);
    expect(row?.pValue).toBeGreaterThan(0.5);
  });

  it("counts a theme missing from a period as never mentioned there, since every term is kept", () => {
    const [row] = themeGrowth([], [theme("vpn", 9)], { previousTotal: 300, currentTotal: 100 });

    expect(row).toMatchObject({ previousCount: 0, currentCount: 9, significant: true });
  });

  it("leaves out of the test a theme mentioned fewer than the minimum count in both periods together", () => {
    const growth = themeGrowth([theme("rare", 1)], [theme("rare", 3), theme("common", 6)], {
      previousTotal: 100,
      currentTotal: 100,
    });

    expect(growth.map((row) => row.key)).toEqual(["common"]);
  });

  it("adjusts for every theme tested, so the same rise counts for less among many themes", () => {
    const alone = themeGrowth([theme("vpn", 4)], [theme("vpn", 12)], {
      previousTotal: 200,
      currentTotal: 100,
    });
    const crowd = Array.from({ length: 40 }, (_, index) => theme(`flat${index}`, 10));
    const among = themeGrowth([theme("vpn", 4), ...crowd], [theme("vpn", 12), ...crowd], {
      previousTotal: 200,
      currentTotal: 100,
    });

    const vpn = among.find((row) => row.key === "vpn");
    expect(alone[0]?.pValue).toBeCloseTo(vpn?.pValue ?? 0, 12);
    expect(vpn?.adjustedPValue).toBeGreaterThan(alone[0]?.adjustedPValue ?? 1);
  });

  it("shows the words requesters wrote, never a stem", () => {
    const [row] = themeGrowth([], [theme("drukark", 8)], { previousTotal: 50, currentTotal: 50 });

    expect(row?.label).toBe("drukark label");
  });

  it("refuses impossible totals and rates", () => {
    expect(() => themeGrowth([theme("vpn", 5)], [], { previousTotal: 4, currentTotal: 10 })).toThrow(
      DomainError,
    );
    expect(() => themeGrowth([], [], { previousTotal: 1.5, currentTotal: 10 })).toThrow(DomainError);
    expect(() => themeGrowth([], [], { previousTotal: 1, currentTotal: 1, falseDiscoveryRate: 0 })).toThrow(
      DomainError,
    );
  });
});
