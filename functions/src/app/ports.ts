import type { DimensionValues, SeriesRef } from "../domain/dimensions.js";
import type { RecordedResponse, Score, SkipReason, Survey } from "../domain/survey.js";
import type { RequesterProfile, SurveyPolicy } from "../domain/survey-policy.js";

/** The time, behind a port so that tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The outcome of storing a new survey for a ticket. */
export type CreateSurveyResult =
  | { kind: "created" }
  | { kind: "duplicate"; existing: Survey }
  /** Another invitation to the same requester was stored since their profile was read. */
  | { kind: "requester-changed" };

export type SaveResponseResult = { kind: "saved" } | { kind: "conflict" } | { kind: "nonce-used" };

/** Where surveys, their tokens and the requesters' profiles are kept. */
export interface SurveyRepository {
  findByTicket(source: string, ticketId: string): Promise<Survey | undefined>;
  getSurvey(surveyId: string): Promise<Survey | undefined>;
  getRequesterProfile(requesterKey: string): Promise<RequesterProfile>;
  /** Stores the survey, the ticket's idempotency record and the invitation counters in one transaction. */
  createSurvey(input: {
    survey: Survey;
    /** The requester's last invitation as read before deciding; the store refuses if it moved since. */
    seenLastInvitedAt: string | undefined;
  }): Promise<CreateSurveyResult>;
  /** Claims a pending invitation for sending and stores the hash of its link token; false when already sent. */
  claimInvitation(input: {
    surveyId: string;
    tokenHash: string;
    expiresAt: string;
    at: string;
  }): Promise<boolean>;
  markInvitationSent(surveyId: string, at: string): Promise<void>;
  releaseInvitation(surveyId: string): Promise<void>;
  findToken(tokenHash: string): Promise<{ surveyId: string; expiresAt: string } | undefined>;
  /** Replaces the survey's response and moves the trends by the difference, in one transaction. */
  saveResponse(input: {
    survey: Survey;
    next: RecordedResponse;
    nonceId: string;
    scoreBefore: Score | undefined;
    scoreAfter: Score | undefined;
  }): Promise<SaveResponseResult>;
  optOut(requesterKey: string, at: string): Promise<void>;
}

/** Counts of one series on one day, as stored in the aggregates. */
export interface DayCounts {
  day: string;
  scores: [number, number, number, number, number];
  invited: number;
  skipped: number;
  skippedBy: Partial<Record<SkipReason, number>>;
}

/** Read access to the exact satisfaction aggregates. */
export interface TrendRepository {
  readSeries(series: SeriesRef, from: string, to: string): Promise<DayCounts[]>;
  /** Every value of a dimension (optionally within one service) that has counts between the days. */
  readGroup(
    group: { dimension: SeriesRef["dimension"]; service?: string | undefined },
    from: string,
    to: string,
  ): Promise<Map<string, DayCounts[]>>;
}

/** What the mailer needs to send one invitation. */
export interface InvitationMessage {
  surveyId: string;
}

/** Hands invitations to whatever sends them: a queue on AWS, the mailer itself locally. */
export interface InvitationQueue {
  enqueue(message: InvitationMessage): Promise<void>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

/** Sends one email. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** The organisation's settings that heads change at run time. */
export interface SettingsRepository {
  getSurveyPolicy(): Promise<SurveyPolicy>;
}

export type { DimensionValues };
