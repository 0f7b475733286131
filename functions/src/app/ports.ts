import type { DimensionValues, SeriesRef } from "../domain/dimensions.js";
import type { FollowUpCase, FollowUpStatus } from "../domain/follow-ups/follow-up-case.js";
import type { InitiativeStatus } from "../domain/initiatives/fields.js";
import type { HistoryEntry, Initiative } from "../domain/initiatives/initiative.js";
import type { KpiSnapshot, PrioritySettings } from "../domain/initiatives/priority.js";
import type { OutboundEventType } from "../domain/outbound/outbound-event.js";
import type { RecordedResponse, Score, SkipReason, Survey } from "../domain/survey.js";
import type { RequesterProfile, SurveyPolicy, UndeliverableReason } from "../domain/survey-policy.js";
import type { ScoreCounts, TermCount } from "../domain/themes/theme-terms.js";
import type { MailMessage } from "./mail/mail-message.js";

/** The time, behind a port so that tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The ids a person would search the logs for; each is added to every later line of the invocation. */
export interface CorrelationKeys {
  surveyId?: string | undefined;
  ticketId?: string | undefined;
  initiativeId?: string | undefined;
}

/** Structured log lines: a message and a record of fields, JSON on AWS. */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Keys that every later line of this invocation carries. */
  appendKeys(keys: CorrelationKeys): void;
}

/** The business events Pulse counts (CloudWatch metrics in the `Pulse` namespace on AWS). */
export type MetricName =
  | "InvitationsSent"
  | "RemindersSent"
  | "RatingsRecorded"
  | "SurveysSkipped"
  | "MailsFailed"
  | "DigestsSent"
  | "AddressesSuppressed";

/** Counts business events; a dimension (e.g. a skip's `reason`) splits a metric into series. */
export interface Metrics {
  count(name: MetricName, value?: number, dimensions?: Record<string, string>): void;
}

/** A log that writes nothing: the local default, so tests and the local server print no JSON lines. */
export const silentLog: Log = { info() {}, warn() {}, error() {}, appendKeys() {} };

/** Metrics that count nothing: the local default. */
export const uncountedMetrics: Metrics = { count() {} };

/** The outcome of storing a new survey for a ticket. */
export type CreateSurveyResult =
  | { kind: "created" }
  | { kind: "duplicate"; existing: Survey }
  /** Decide again from a fresh read: the requester was invited meanwhile, or the write met contention. */
  | { kind: "retry" };

/** The outcome of claiming an email to send: taken, not claimable (sent or answered meanwhile), or met contention. */
export type ClaimResult = "claimed" | "refused" | "contended";

export type SaveResponseResult = { kind: "saved" } | { kind: "conflict" } | { kind: "nonce-used" };

/** Where surveys, their tokens and the requesters' profiles are kept. */
export interface SurveyRepository {
  findByTicket(source: string, ticketId: string): Promise<Survey | undefined>;
  getSurvey(surveyId: string): Promise<Survey | undefined>;
  /** The survey and its follow-up case: what a rating decides on, read together in one request. */
  readForRating(
    surveyId: string,
  ): Promise<{ survey: Survey | undefined; followUp: FollowUpRecord | undefined }>;
  getRequesterProfile(requesterKey: string): Promise<RequesterProfile>;
  /** Stores the survey, the ticket's idempotency record and the invitation counters in one transaction. */
  createSurvey(input: {
    survey: Survey;
    /** The requester's last invitation as read before deciding; the store refuses if it moved since. */
    seenLastInvitedAt: string | undefined;
    /** The survey of the ticket's earlier resolution, which the ticket must still name for this one to replace it. */
    replacing?: string | undefined;
  }): Promise<CreateSurveyResult>;
  /**
   * Moves an unrated survey to the ticket's new dimensions, with the counters it holds in the aggregates, and records
   * a later resolution folded into it, in one transaction; a conflict when the survey or its invitation changed since
   * it was read.
   */
  reviseSurvey(input: {
    survey: Survey;
    dimensions: DimensionValues;
    lastResolvedAt: string | undefined;
  }): Promise<"revised" | "conflict">;
  /**
   * Claims a survey's invitation or reminder for one mailer until the lease runs out, storing the hash of its link
   * token. Without `seenClaimedAt` the mail must be unclaimed (or released); with it, the claim seen then must still be
   * the stored one, so that only one mailer takes over an expired claim. Refused otherwise.
   */
  claimSurveyMail(input: {
    kind: SurveyMailKind;
    surveyId: string;
    tokenHash: string;
    nonce: string;
    expiresAt: string;
    at: string;
    seenClaimedAt?: string | undefined;
    /** This try's number, kept in the claim so that a mail refused on every try is given up in the end. */
    attempts: number;
    /** The survey's version as read: an invitation is refused if the survey moved since, so it counts where it is. */
    version?: number | undefined;
  }): Promise<ClaimResult>;
  /** Gives a claim back after a failed send, keeping its nonce so the next try carries the same link and mail id. */
  releaseSurveyMail(kind: SurveyMailKind, surveyId: string, nonce: string): Promise<void>;
  /**
   * Records the invitation as sent, counts it as invited, and lists the survey for a reminder by the
   * organisation-local day it was sent; a second call for the same claim changes nothing.
   */
  markInvitationSent(input: { survey: Survey; nonce: string; at: string; sentDay: string }): Promise<void>;
  /**
   * Turns a survey whose invitation is still pending into a skipped one (its address bounced, complained or opted out
   * after the intake), counted as skipped for that reason; a survey claimed, sent or moved meanwhile is left as it is.
   */
  skipPendingInvitation(input: { survey: Survey; reason: SkipReason }): Promise<void>;
  /** Surveys whose invitation went out on a day and that have neither an answer nor a reminder yet. */
  listAwaitingReminder(sentDay: string): Promise<string[]>;
  /** Records the reminder of this claim as sent; a second call changes nothing. */
  markReminderSent(input: { surveyId: string; nonce: string; at: string }): Promise<void>;
  /** Invitations still pending that were created between the two instants (a sparse listing, not a scan). */
  listPendingInvitations(createdAfter: string, createdBefore: string): Promise<string[]>;
  findToken(tokenHash: string): Promise<{ surveyId: string; expiresAt: string } | undefined>;
  /** Replaces the survey's response and moves the trends by the difference, in one transaction. */
  saveResponse(input: {
    survey: Survey;
    next: RecordedResponse;
    nonceId: string;
    scoreBefore: Score | undefined;
    scoreAfter: Score | undefined;
    /** A follow-up case the rating opens or changes, written in the same transaction; undefined version = new. */
    followUp?: { next: FollowUpRecord; expectedVersion: number | undefined } | undefined;
  }): Promise<SaveResponseResult>;
  optOut(requesterKey: string, at: string): Promise<void>;
  /** Marks an address that bounced for good or complained, so that it is never mailed again. */
  markUndeliverable(requesterKey: string, reason: UndeliverableReason, at: string): Promise<void>;
  /** Withdraws an opt-out, keeping when the requester subscribed again. */
  optIn(requesterKey: string, at: string): Promise<void>;
}

/** What intake and the requester pages do with surveys: all of the store that the public function needs. */
export type PublicSurveyRepository = Pick<
  SurveyRepository,
  | "findByTicket"
  | "getSurvey"
  | "readForRating"
  | "getRequesterProfile"
  | "createSurvey"
  | "reviseSurvey"
  | "findToken"
  | "saveResponse"
  | "optOut"
  | "optIn"
>;

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

/** Past responses brought in from another survey tool, each stored with its ticket record and aggregates at once. */
export interface ResponseHistoryRepository {
  /** Which of these tickets Pulse already holds, as `source` + NUL + `ticketId`. */
  existingTickets(tickets: ReadonlyArray<{ source: string; ticketId: string }>): Promise<Set<string>>;
  /**
   * Stores each survey exactly once: a survey whose ticket record already exists is left alone and counted as
   * already present, so a retry after a failure completes the import without counting anything twice.
   */
  storeOnce(surveys: readonly Survey[]): Promise<{ stored: number; alreadyPresent: string[] }>;
}

export type { MailMessage };

/** Hands mails to the one mailer: SQS on AWS, an in-process queue with the same retry rules locally. */
export interface MailQueue {
  enqueue(messages: readonly MailMessage[]): Promise<void>;
}

/** The survey mails whose sending is claimed on the survey itself. */
export type SurveyMailKind = "invitation" | "reminder";

/** Claims on mails that have no survey to hold them (the digest's deliveries), leased like a survey's claims. */
export interface DeliveryClaims {
  /** Claims a delivery: `sent` when it went out already, `held` while another mailer's claim is live. */
  claim(id: string, at: string, staleBefore: string): Promise<"claimed" | "sent" | "held">;
  markSent(id: string, at: string): Promise<void>;
  release(id: string): Promise<void>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The same for every try of one mail, so a resend after an unknown outcome can be recognised downstream. */
  mailId?: string | undefined;
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

/** A follow-up case as stored: the domain case with what the queue shows of the response behind it. */
export interface FollowUpRecord extends FollowUpCase {
  requesterName: string | null;
  /** The requester's address, to contact them; cases opened before it was kept have none. */
  requesterEmail?: string | null | undefined;
  ticketTitle: string | null;
  /** The ticket's page in the ITSM tool, when intake carried one. */
  ticketUrl?: string | null | undefined;
}

/** One page of a listing, with the opaque cursor of the next page when there is one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The follow-up queue: one case per low-rated response. */
export interface FollowUpRepository {
  get(surveyId: string): Promise<FollowUpRecord | undefined>;
  /** Stores the case if it is still at `expectedVersion` (undefined: if it does not exist yet). */
  save(next: FollowUpRecord, expectedVersion: number | undefined): Promise<"saved" | "conflict">;
  /** A page of a queue, oldest due first; `dueBefore` keeps only cases due before that instant. */
  list(query: {
    queue: "active" | "resolved";
    status?: FollowUpStatus | undefined;
    group?: string | undefined;
    dueBefore?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<Page<FollowUpRecord>>;
}

/** The small, rankable part of an initiative that the backlog lists. */
export type BacklogEntry = Pick<
  Initiative,
  | "id"
  | "title"
  | "status"
  | "services"
  | "category"
  | "owner"
  | "effort"
  | "estimatedCost"
  | "kpi"
  | "manualRank"
  | "wsjf"
  | "rice"
  | "version"
  | "raisedAt"
  | "implementedAt"
  | "updatedAt"
>;

/** A ranking kept for a few minutes, so that later pages show the order the first page was cut from. */
export interface BacklogSnapshot {
  id: string;
  ids: string[];
  settings: PrioritySettings;
  kpis: Array<[string, KpiSnapshot]>;
  createdAt: string;
}

export type SaveInitiativeResult = { kind: "saved" } | { kind: "conflict"; current: Initiative | undefined };

/** An edit an import stores: the head it was planned on, its next version, and the history entries that adds. */
export interface ImportedUpdate {
  before: Initiative;
  next: Initiative;
  newEntries: readonly HistoryEntry[];
}

/** The CSI register: one head item per initiative, its history and backlog entry beside it. */
export interface InitiativeRepository {
  /** Hands out `count` consecutive sequence numbers, all above `atLeast`; returns the first. */
  allocateSequence(count: number, atLeast?: number): Promise<number>;
  /** The initiative without its history (`history: []`), as writers need it. */
  getHead(id: string): Promise<Initiative | undefined>;
  getWithHistory(id: string): Promise<Initiative | undefined>;
  /** Stores a new initiative; false when the id is taken. */
  create(initiative: Initiative): Promise<boolean>;
  /** Stores the next version with its new history entries if the stored one is still `expectedVersion`. */
  save(next: Initiative, expectedVersion: number, newEntries: HistoryEntry[]): Promise<SaveInitiativeResult>;
  remove(id: string, expectedVersion: number | undefined): Promise<SaveInitiativeResult>;
  listBacklog(query: {
    statuses: readonly InitiativeStatus[];
    owner?: string | undefined;
  }): Promise<BacklogEntry[]>;
  getBacklogEntries(ids: readonly string[]): Promise<BacklogEntry[]>;
  /** Which of these ids are taken. */
  existingIds(ids: readonly string[]): Promise<Set<string>>;
  /** The stored initiatives among these ids, without their history, read consistently. */
  getHeads(ids: readonly string[]): Promise<Initiative[]>;
  listAll(): Promise<Initiative[]>;
  /**
   * Stores every new initiative and every update, or none: on a failure part-way, what was written is taken back
   * (new initiatives deleted, updated ones restored), then `id-taken` is returned for an id that someone took
   * meanwhile, `version-conflict` for an initiative changed since it was read, `contended` when another write held
   * one of them, and any other error is rethrown.
   */
  importAll(
    initiatives: readonly Initiative[],
    importId: string,
    updates?: readonly ImportedUpdate[],
  ): Promise<"imported" | "id-taken" | "version-conflict" | "contended">;
  saveSnapshot(snapshot: BacklogSnapshot): Promise<void>;
  getSnapshot(id: string): Promise<BacklogSnapshot | undefined>;
}

/** How the backlog is scored, set by a head. */
export interface PrioritySettingsRepository {
  get(): Promise<PrioritySettings>;
  save(settings: PrioritySettings, actor: string, at: string): Promise<void>;
}

/** A csat target a head set: for the whole organisation (service null) or one service, for a quarter or a year. */
export interface CsatTarget {
  service: string | null;
  /** `2026-Q4` or `2026`. */
  period: string;
  /** Share of satisfied ratings to reach, 0..1. */
  value: number;
  setBy: string;
  setAt: string;
}

/** The csat targets, all of them small enough to read in one query. */
export interface TargetRepository {
  list(): Promise<CsatTarget[]>;
  put(target: CsatTarget): Promise<void>;
  /** False when there was no such target. */
  remove(period: string, service: string | null): Promise<boolean>;
}

/** A theme as materialised for one service and month (ids capped, samples shortened). */
export interface StoredTheme {
  key: string;
  label: string;
  count: number;
  responseIds: string[];
  locales: string[];
  sample: string[];
}

/** How many rated responses of a period carry one reason tag, by score. */
export interface ReasonCount {
  reason: string;
  scores: ScoreCounts;
}

/** The themes of one service's comments (or every service's, `service: "*"`) in one month of resolution days. */
export interface ThemeSnapshot {
  month: string;
  service: string;
  comments: number;
  /** Rated responses, with or without a comment: the base of the reason tags' counts. */
  responses: number;
  /** The most mentioned themes, with the responses behind them and a few of their comments. */
  themes: StoredTheme[];
  /** Every theme term of the month's comments with its comments by score, so growth is tested against `comments`. */
  terms: TermCount[];
  reasons: ReasonCount[];
  computedAt: string;
  /** No response can still arrive for the month, so the snapshot is never recomputed. */
  final: boolean;
}

/** Materialised monthly themes: a themes request reads one item per service and month. */
export interface ThemeSnapshotRepository {
  get(month: string, service: string): Promise<ThemeSnapshot | undefined>;
  putAll(snapshots: readonly ThemeSnapshot[]): Promise<void>;
  /** Drops the snapshots of these months and services, so the next read recomputes them even when they were final. */
  expire(keys: ReadonlyArray<{ month: string; service: string }>): Promise<void>;
}

/** A rated response as the analytics listing shows it. */
export interface ListedResponse {
  surveyId: string;
  day: string;
  ticketId: string;
  title: string;
  dimensions: DimensionValues;
  score: Score;
  comment: string | null;
  reasons: string[];
  locale: "pl" | "en";
  respondedAt: string;
}

/** Rated responses by the month of their ticket's resolution day (gsi1 `RESPONSES#yyyy-mm`). */
export interface ResponseListing {
  /** Every rated response of a month: what theme extraction reads once per month. */
  readMonth(month: string): Promise<ListedResponse[]>;
  /** Up to `limit` responses of one month between two days, newest first, after the position `after`. */
  page(query: {
    month: string;
    from: string;
    to: string;
    service?: string | undefined;
    scores?: readonly number[] | undefined;
    hasComment?: boolean | undefined;
    after?: string | undefined;
    limit: number;
  }): Promise<{ items: ListedResponse[]; last: string | null; exhausted: boolean }>;
  getMany(surveyIds: readonly string[]): Promise<ListedResponse[]>;
}

/** Who gets the monthly digest, and which months it went out for. */
export interface DigestSettingsRepository {
  getRecipients(): Promise<string[]>;
  setRecipients(recipients: readonly string[], actor: string, at: string): Promise<void>;
  wasSent(month: string): Promise<boolean>;
  markSent(month: string, at: string, recipients: number): Promise<void>;
}

/** Everything Pulse holds on one requester, as the access export shows it. */
export interface RequesterRecords {
  profile:
    | {
        optedOut: boolean;
        optedOutAt?: string | undefined;
        lastInvitedAt?: string | undefined;
        /** Why and when the mail server reported the address as undeliverable, if it did. */
        undeliverable?: UndeliverableReason | undefined;
        undeliverableAt?: string | undefined;
      }
    | undefined;
  surveys: Survey[];
  followUps: FollowUpRecord[];
  /** The logged webhook deliveries about their surveys, whose bodies may carry their comment or ticket. */
  webhookDeliveries: WebhookDeliveryRecord[];
}

/** A logged webhook delivery about one of a requester's surveys, as the access export lists it. */
export interface WebhookDeliveryRecord {
  id: string;
  webhookId: string;
  eventType: OutboundEventType;
  surveyId: string;
  createdAt: string;
  erasedAt: string | null;
}

/** The items that name a requester, found and anonymised in place, and the ledger of erasures done. */
export interface PersonalDataRepository {
  /** Every survey, follow-up case and the profile stored under one requester key. */
  recordsOf(requesterKey: string): Promise<RequesterRecords>;
  /** Every survey that still holds a requester's address, for re-applying the ledger after a restore. */
  surveysWithAddress(): Promise<Survey[]>;
  /** Surveys resolved before the time that still hold an address, name, requester key or comment. */
  surveysWithPersonalDataBefore(resolvedBefore: string): Promise<Survey[]>;
  /** Deletes the follow-up case of a survey, notes and all. */
  deleteFollowUp(surveyId: string): Promise<void>;
  /**
   * Removes the address, name and comment of a survey and its case, drops the theme snapshots quoting it, and erases
   * the bodies of the webhook deliveries about it (their tries stay logged); answers how many bodies it erased.
   */
  anonymiseSurvey(survey: Survey, at: string): Promise<{ webhookDeliveries: number }>;
  deleteProfile(requesterKey: string): Promise<void>;
  recordErasure(addressHash: string, at: string): Promise<void>;
  erasureLedger(): Promise<Set<string>>;
}

/** One staff action that touched personal data: who, when, what, and from where. */
export interface AuditEntry {
  at: string;
  actor: { id: string; name: string; role: string };
  action: string;
  target: string;
  clientAddress: string;
  userAgent: string;
}

/** An append-only log of staff actions on personal data; entries expire after the stated retention. */
export interface AuditLogRepository {
  append(entry: AuditEntry): Promise<void>;
  /** The entries of one month, newest first. */
  month(month: string): Promise<AuditEntry[]>;
}
