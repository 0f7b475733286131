/**
 * The shapes of the staff API that the app reads and sends, each derived from the route contract the server checks
 * it against, so that a field the server does not send is a compile error here rather than a blank cell. The
 * vocabularies come from the contract's vocabulary module: esbuild bundles only the few constants the app uses.
 */

import type { Answer, CallBody, CallQuery, StaffRoute } from "./staff-routes.js";

export * from "../../../functions/src/http/contracts/vocabulary.js";

/** The answer of a GET route. */
type Read<P extends string> = Answer<StaffRoute<"get", P>>;

/** `GET /api/v1/metrics/satisfaction`: buckets, or one series per value when grouped. */
type Satisfaction = Read<"/api/v1/metrics/satisfaction">;
export type SatisfactionBucket = NonNullable<Satisfaction["buckets"]>[number];
/** The headline figures of a range. */
export type Summary = NonNullable<Satisfaction["totals"]>;
/** The control chart of a series: its baseline, limits, rules, stated false-alarm rate and signals. */
export type ControlSummary = NonNullable<Satisfaction["control"]>;

/** `GET /api/v1/initiatives/{id}`: one initiative with its history. */
export type Initiative = Read<"/api/v1/initiatives/{id}">;
/** `GET /api/v1/initiatives`: one page of the ranked backlog. */
export type Backlog = Read<"/api/v1/initiatives">;
export type PrioritySettings = Read<"/api/v1/settings/priority">;
/** `POST /api/v1/initiatives`: what the app sends to raise an initiative. */
export type NewInitiative = CallBody<"post", "/api/v1/initiatives">;
/** `PATCH /api/v1/initiatives/{id}`: the fields an edit changes, with the version it was made on. */
export type InitiativeUpdate = CallBody<"patch", "/api/v1/initiatives/{id}">;
export type InitiativeTransition = CallBody<"post", "/api/v1/initiatives/{id}/transitions">;
/** The report of a register import, dry or real. */
export type ImportReport = Answer<StaffRoute<"post", "/api/v1/initiatives/import">>;
/** `GET /api/v1/initiatives/{id}/impact`: the initiative's before/after assessment. */
export type Impact = Read<"/api/v1/initiatives/{id}/impact">;
/** `GET /api/v1/initiatives/{id}/kpis`: every KPI of the initiative, the primary first, with its progress. */
export type InitiativeKpis = Read<"/api/v1/initiatives/{id}/kpis">;
/** One KPI of an initiative: the series it reads and its goal. */
export type Kpi = Initiative["secondaryKpis"][number];

/** A follow-up case with the ticket's title and requester, and whether it is past due, as the queue shows it. */
export type FollowUpCase = Read<"/api/v1/follow-ups/{id}">;

/** `GET /api/v1/targets/status`: each target in force for a period, judged with the interval, month by month. */
export type TargetStatusReport = Read<"/api/v1/targets/status">;
export type TargetStatus = TargetStatusReport["targets"][number]["status"];

/** The bucket sizes a satisfaction query takes. */
export type Interval = NonNullable<CallQuery<"get", "/api/v1/metrics/satisfaction">["interval"]>;

/** `GET /api/v1/settings/survey-policy`: throttling, sampling, link expiry, scanner window, follow-up threshold. */
export type SurveyPolicy = Read<"/api/v1/settings/survey-policy">;
/** `GET /api/v1/settings/digest`: who receives the monthly digest by email. */
export type DigestRecipients = Read<"/api/v1/settings/digest">;
