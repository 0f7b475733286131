import { describe, expect, it } from "vitest";
import { portfolioOf } from "../../../functions/src/domain/initiatives/portfolio.js";
import { anInitiative, anInitiativeIn } from "./initiative-builders.js";

describe("The portfolio heads read", () => {
  it("counts and sums initiatives by status, rounding costs to cents, and totals them", () => {
    const portfolio = portfolioOf([
      anInitiative({ estimatedCost: 0.1, actualCost: 0.2 }),
      anInitiative({ estimatedCost: 0.2, actualCost: null }),
      anInitiative({ estimatedCost: null }),
      anInitiativeIn("in-progress", { estimatedCost: 1000, actualCost: 400 }),
    ]);
    const proposed = portfolio.byStatus.find((row) => row.status === "proposed");
    expect(proposed).toEqual({
      status: "proposed",
      initiatives: 3,
      estimatedCost: 0.3,
      actualCost: 0.2,
      unestimated: 1,
    });
    expect(portfolio.byStatus.find((row) => row.status === "in-progress")).toMatchObject({
      initiatives: 1,
      estimatedCost: 1000,
      actualCost: 400,
    });
    expect(portfolio.byStatus.map((row) => row.status)).toContain("cancelled");
    expect(portfolio.totals).toEqual({
      initiatives: 4,
      estimatedCost: 1000.3,
      actualCost: 400.2,
      unestimated: 1,
    });
  });

  it("counts the benefit verdicts of reviewed and closed initiatives and how ended ones were closed", () => {
    const partly = { benefitRealised: { outcome: "partly", reason: null } } as const;
    const portfolio = portfolioOf([
      anInitiativeIn("reviewed"),
      { ...anInitiativeIn("closed"), closureCode: "successful" },
      { ...anInitiativeIn("closed"), ...partly, closureCode: "partially-successful" },
      anInitiativeIn("cancelled"),
      anInitiativeIn("implemented"),
    ]);
    expect(portfolio.benefit).toEqual({ realised: 2, partly: 1, "not-realised": 0 });
    expect(portfolio.closure).toEqual({
      successful: 1,
      "partially-successful": 1,
      unsuccessful: 0,
      withdrawn: 1,
    });
  });

  it("answers an empty register with every status at zero", () => {
    const portfolio = portfolioOf([]);
    expect(portfolio.byStatus.every((row) => row.initiatives === 0 && row.estimatedCost === 0)).toBe(true);
    expect(portfolio.totals.initiatives).toBe(0);
  });
});
