export type { ProportionCount } from "./counts.js";
export type {
  DateWindow,
  ImpactAssessment,
  ImpactInput,
  ImpactInterval,
  ImpactMethod,
  ImpactVerdict,
  ImpactWindowOptions,
  ImpactWindows,
  WindowResult,
} from "./impact.js";
export {
  assessImpact,
  DEFAULT_IMPACT_WINDOWS,
  impactWindows,
  MIN_WINDOW_RESPONSES,
  sampleSizePerGroup,
} from "./impact.js";
export { erfc, normalCdf, normalPdf, normalQuantile, twoSidedCritical, twoSidedPValue } from "./normal.js";
export type { ScoreCounts, ScoreSummary } from "./scores.js";
export { addCounts, NO_SCORES, summariseScores } from "./scores.js";
export { groupSequentialBoundaries, normalMixtureCritical, obrienFlemingSpending } from "./sequential.js";
export type { TargetJudgement, TargetStatus } from "./targets.js";
export { impactRank, judgeAgainstTarget, MIN_JUDGED_RESPONSES } from "./targets.js";
export type { ProportionComparison } from "./two-proportions.js";
export { compareProportions } from "./two-proportions.js";
export type { ProportionInterval } from "./wilson.js";
export { wilsonInterval } from "./wilson.js";
