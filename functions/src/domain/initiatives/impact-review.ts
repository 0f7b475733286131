import type { ImpactAssessment, ImpactInterval, ImpactVerdict } from "../statistics/impact.js";
import type { BenefitOutcome } from "./fields.js";

/** The impact verdict, its figures and its method as the review stored them in the initiative's history. */
export interface ImpactReview {
  verdict: ImpactVerdict;
  provisional: boolean;
  method: string;
  look: number;
  plannedLooks: number;
  confidence: number;
  change: ImpactInterval | null;
  differenceInDifferences: ImpactInterval | null;
  meanChange: ImpactInterval | null;
  targetChange: number;
  asOf: string;
  /** The benefit outcome the verdict proposes; null when the reviewer has to judge without one. */
  proposedOutcome: BenefitOutcome | null;
}

/**
 * The benefit outcome an impact verdict proposes: realised when the credited rise reached the target change, partly
 * when it fell short of it, not realised when no change or a fall was shown, and none while it is inconclusive.
 */
export function proposeBenefit(
  assessment: Pick<ImpactAssessment, "verdict" | "change" | "targetChange">,
): BenefitOutcome | null {
  switch (assessment.verdict) {
    case "improved":
      return (assessment.change?.estimate ?? 0) >= assessment.targetChange ? "realised" : "partly";
    case "worsened":
    case "no-detectable-change":
      return "not-realised";
    default:
      return null;
  }
}

/** What a review keeps of an impact assessment. */
export function impactReviewOf(assessment: ImpactAssessment & { asOf: string }): ImpactReview {
  return {
    verdict: assessment.verdict,
    provisional: assessment.provisional,
    method: `${assessment.method.name} (${assessment.method.spending})`,
    look: assessment.method.look,
    plannedLooks: assessment.method.plannedLooks,
    confidence: assessment.method.confidence,
    change: assessment.change,
    differenceInDifferences: assessment.differenceInDifferences,
    meanChange: assessment.meanChange,
    targetChange: assessment.targetChange,
    asOf: assessment.asOf,
    proposedOutcome: proposeBenefit(assessment),
  };
}
