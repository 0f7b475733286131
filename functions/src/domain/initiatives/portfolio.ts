import {
  BENEFIT_OUTCOMES,
  type BenefitOutcome,
  CLOSURE_CODES,
  type ClosureCode,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
} from "./fields.js";
import type { Initiative } from "./initiative.js";

/** How many initiatives one status holds and what they are estimated at and have cost; costs sum the known ones. */
export interface PortfolioFigures {
  initiatives: number;
  estimatedCost: number;
  actualCost: number;
  /** How many have no estimate, and so add nothing to `estimatedCost`. */
  unestimated: number;
}

/** The register as a head reads it: initiatives and costs by status, and whether reviewed work paid off. */
export interface Portfolio {
  /** Every status, in workflow order, empty ones included. */
  byStatus: Array<{ status: InitiativeStatus } & PortfolioFigures>;
  totals: PortfolioFigures;
  /** The benefit verdicts of reviewed and closed initiatives. */
  benefit: Record<BenefitOutcome, number>;
  /** How closed and cancelled initiatives ended. */
  closure: Record<ClosureCode, number>;
}

type PortfolioInput = Pick<
  Initiative,
  "status" | "estimatedCost" | "actualCost" | "benefitRealised" | "closureCode"
>;

const BENEFIT_READ_AT: readonly InitiativeStatus[] = ["reviewed", "closed"];

/** Sums the register by status, counts benefit verdicts and closure codes; costs are rounded to cents. */
export function portfolioOf(initiatives: readonly PortfolioInput[]): Portfolio {
  const empty = (): PortfolioFigures => ({ initiatives: 0, estimatedCost: 0, actualCost: 0, unestimated: 0 });
  const rows = new Map(INITIATIVE_STATUSES.map((status) => [status, empty()]));
  const totals = empty();
  const benefit = Object.fromEntries(BENEFIT_OUTCOMES.map((o) => [o, 0])) as Record<BenefitOutcome, number>;
  const closure = Object.fromEntries(CLOSURE_CODES.map((c) => [c, 0])) as Record<ClosureCode, number>;
  for (const initiative of initiatives) {
    const row = rows.get(initiative.status);
    if (!row) continue;
    for (const figures of [row, totals]) {
      figures.initiatives += 1;
      figures.estimatedCost += initiative.estimatedCost ?? 0;
      figures.actualCost += initiative.actualCost ?? 0;
      if (initiative.estimatedCost === null) figures.unestimated += 1;
    }
    const outcome = initiative.benefitRealised?.outcome;
    if (BENEFIT_READ_AT.includes(initiative.status) && outcome !== undefined && outcome in benefit) {
      benefit[outcome] += 1;
    }
    if (initiative.closureCode !== null && initiative.closureCode in closure)
      closure[initiative.closureCode] += 1;
  }
  const rounded = (figures: PortfolioFigures): PortfolioFigures => ({
    ...figures,
    estimatedCost: cents(figures.estimatedCost),
    actualCost: cents(figures.actualCost),
  });
  return {
    byStatus: INITIATIVE_STATUSES.map((status) => ({ status, ...rounded(rows.get(status) ?? empty()) })),
    totals: rounded(totals),
    benefit,
    closure,
  };
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
