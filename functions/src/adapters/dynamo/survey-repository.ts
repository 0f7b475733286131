import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  ClaimResult,
  CreateSurveyResult,
  PublicSurveyRepository,
  SaveResponseResult,
  SurveyRepository,
} from "../../app/ports.js";
import { retryWhileContended, TRY_AGAIN, waitBeforeRetry } from "../../app/retry-policy.js";
import { type DimensionValues, seriesFor } from "../../domain/dimensions.js";
import { spendNonce } from "../../domain/nonce-ledger.js";
import type { Score, Survey } from "../../domain/survey.js";
import type { RequesterProfile } from "../../domain/survey-policy.js";
import { followUpPut, toFollowUpRecord } from "./follow-up-repository.js";
import {
  awaitingReminderKey,
  followUpKey,
  pendingInvitationKey,
  requesterKey,
  responseListingKey,
  seriesId,
  surveyKey,
  ticketKey,
  tokenKey,
} from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";
import { cancellationCodes, isConditionFailure, isContention } from "./transactions.js";
import { trendShard } from "./trend-shards.js";
import { trendUpdate } from "./trend-updates.js";

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

const KEY_ATTRIBUTES = new Set(["pk", "sk", "type", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "ttl"]);
// Tokens are kept half a year past expiry so an old link says "closed" (410) rather than "unknown" (404).
const TOKEN_GRACE_SECONDS = 180 * 86_400;
// A pending listing outlives the sweep's window, then expires by itself (a survey erased before its mail went out).
const PENDING_LISTING_SECONDS = 3 * 86_400;

/** The UTC days from one instant's to another's, for the pending listing's day partitions. */
function utcDaysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(from.slice(0, 10)); at <= Date.parse(to); at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** What a cancelled claim means: another transaction held the survey (try again), or its condition did not hold. */
function claimOutcome(error: unknown): ClaimResult {
  if (isContention(error)) return "contended";
  if (cancellationCodes(error)) return "refused";
  throw error;
}

function toSurvey(item: Record<string, unknown>): Survey {
  const survey: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) survey[name] = value;
  return survey as unknown as Survey;
}

/** The survey's trend updates: each series it counts in, moved by the given counter deltas on the survey's shard. */
function trendUpdates(tableName: string, survey: Survey, deltas: Record<string, number>): TransactItem[] {
  const moved = Object.fromEntries(Object.entries(deltas).filter(([, delta]) => delta !== 0));
  if (Object.keys(moved).length === 0) return [];
  return seriesFor(survey.dimensions).map((series) => ({
    Update: trendUpdate(tableName, series, survey.day, moved, trendShard(series, survey.surveyId)),
  }));
}

/** The counters a survey holds in the aggregates apart from its score: its invitation once mailed, or its skip. */
function heldCounters(survey: Survey): Record<string, number> {
  if (survey.status === "skipped") return { skipped: 1, [`skip_${survey.skipReason}`]: 1 };
  return survey.invitation === undefined || survey.invitation.state === "sent" ? { invited: 1 } : {};
}

/** A link token record: the hash, the survey it opens, and when the link closes. */
function tokenItem(tableName: string, tokenHash: string, surveyId: string, expiresAt: string) {
  return {
    TableName: tableName,
    Item: {
      ...tokenKey(tokenHash),
      [TABLE.entityType]: "token",
      surveyId,
      expiresAt,
      [TABLE.ttlAttribute]: Math.floor(Date.parse(expiresAt) / 1000) + TOKEN_GRACE_SECONDS,
    },
    ConditionExpression: "attribute_not_exists(pk)",
  };
}

/** Counter deltas for a score replaced by another (either may be absent). */
export function scoreDeltas(before: Score | undefined, after: Score | undefined): Record<string, number> {
  const deltas: Record<string, number> = {};
  if (before === after) return deltas;
  if (before !== undefined) deltas[`s${before}`] = -1;
  if (after !== undefined) deltas[`s${after}`] = (deltas[`s${after}`] ?? 0) + 1;
  return deltas;
}

/**
 * The part of the survey store that intake and the requester pages use: the surveys, their link tokens, the
 * requesters' profiles and the responses. The public function builds only this, so its bundle carries no mail code.
 */
export function makeDynamoPublicSurveyRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): PublicSurveyRepository {
  async function getSurvey(surveyId: string): Promise<Survey | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: surveyKey(surveyId), ConsistentRead: true }),
    );
    return Item ? toSurvey(Item) : undefined;
  }

  return {
    getSurvey,

    async readForRating(surveyId) {
      let keys: Record<string, unknown>[] = [surveyKey(surveyId), followUpKey(surveyId)];
      const items: Record<string, unknown>[] = [];
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > 1) await waitBeforeRetry(attempt - 1);
        const result = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        items.push(...(result.Responses?.[tableName] ?? []));
        keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
      const survey = items.find((item) => item.pk === surveyKey(surveyId).pk);
      const followUp = items.find((item) => item.pk === followUpKey(surveyId).pk);
      return {
        survey: survey ? toSurvey(survey) : undefined,
        followUp: followUp ? toFollowUpRecord(followUp) : undefined,
      };
    },

    async findByTicket(source, ticketId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: ticketKey(source, ticketId), ConsistentRead: true }),
      );
      return Item ? getSurvey(Item.surveyId as string) : undefined;
    },

    async getRequesterProfile(key): Promise<RequesterProfile> {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: requesterKey(key), ConsistentRead: true }),
      );
      const undeliverable = Item?.undeliverable;
      return {
        optedOut: Item?.optedOut === true,
        lastInvitedAt: Item?.lastInvitedAt as string | undefined,
        undeliverable:
          undeliverable === "bounced" || undeliverable === "complained" ? undeliverable : undefined,
      };
    },

    async createSurvey({ survey, seenLastInvitedAt, replacing }): Promise<CreateSurveyResult> {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...ticketKey(survey.source, survey.ticketId),
              [TABLE.entityType]: "ticket",
              surveyId: survey.surveyId,
            },
            // A new resolution replaces the survey it was read with, so of two at once only one opens a survey.
            ConditionExpression: replacing
              ? "attribute_not_exists(pk) OR surveyId = :previous"
              : "attribute_not_exists(pk)",
            ...(replacing ? { ExpressionAttributeValues: { ":previous": replacing } } : {}),
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...surveyKey(survey.surveyId), [TABLE.entityType]: "survey", ...survey },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ];
      // Listed until its invitation is sent, so a sweep finds one whose enqueue failed without a scan. A small item of
      // its own rather than an index key on the survey, which would copy the whole survey into the index on each write.
      if (survey.invitation?.state === "pending") {
        items.push({
          Put: {
            TableName: tableName,
            Item: {
              ...pendingInvitationKey(survey.createdAt, survey.surveyId),
              [TABLE.entityType]: "pending-invitation",
              surveyId: survey.surveyId,
              [TABLE.ttlAttribute]: Math.floor(Date.parse(survey.createdAt) / 1000) + PENDING_LISTING_SECONDS,
            },
          },
        });
      }
      const invited = survey.status === "invited" && survey.requester.key !== undefined;
      if (invited && survey.requester.key) {
        items.push({
          Update: {
            TableName: tableName,
            Key: requesterKey(survey.requester.key),
            UpdateExpression: "SET #type = :type, lastInvitedAt = :now",
            ConditionExpression:
              seenLastInvitedAt === undefined
                ? "attribute_not_exists(lastInvitedAt) AND (attribute_not_exists(optedOut) OR optedOut = :false) AND attribute_not_exists(undeliverable)"
                : "lastInvitedAt = :seen AND (attribute_not_exists(optedOut) OR optedOut = :false) AND attribute_not_exists(undeliverable)",
            ExpressionAttributeNames: { "#type": TABLE.entityType },
            ExpressionAttributeValues: {
              ":type": "requester",
              ":now": survey.createdAt,
              ":false": false,
              ...(seenLastInvitedAt === undefined ? {} : { ":seen": seenLastInvitedAt }),
            },
          },
        });
      }
      // A skip counts at once; `invited` moves when the mail is handed to the mail server (markInvitationSent).
      items.push(...trendUpdates(tableName, survey, heldCounters(survey)));
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: "created" };
      } catch (error) {
        if (isContention(error)) return { kind: "retry" };
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === "ConditionalCheckFailed") {
          const { Item } = await db.send(
            new GetCommand({
              TableName: tableName,
              Key: ticketKey(survey.source, survey.ticketId),
              ConsistentRead: true,
            }),
          );
          const existing = Item ? await getSurvey(Item.surveyId as string) : undefined;
          if (existing) return { kind: "duplicate", existing };
        }
        // A requester changed by a concurrent invitation, or a transaction conflict on a shared counter: decide again.
        if (codes.some((code) => code === "ConditionalCheckFailed" || code === "TransactionConflict")) {
          return { kind: "retry" };
        }
        throw error;
      }
    },

    async reviseSurvey({ survey, dimensions, lastResolvedAt }) {
      const held = heldCounters(survey);
      // Series both sets share keep their counts; the others move from the old series to the new.
      const moves = (from: DimensionValues, to: DimensionValues, sign: number) => {
        const kept = new Set(seriesFor(to).map(seriesId));
        return seriesFor(from)
          .filter((series) => !kept.has(seriesId(series)))
          .map((series) => ({
            Update: trendUpdate(
              tableName,
              series,
              survey.day,
              Object.fromEntries(Object.entries(held).map(([name, count]) => [name, sign * count])),
              trendShard(series, survey.surveyId),
            ),
          }));
      };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: surveyKey(survey.surveyId),
                  UpdateExpression: "SET dimensions = :dims, version = :next, lastResolvedAt = :last",
                  // Every write that changes what the survey counts moves its version, so the counts moved are its own.
                  ConditionExpression: "version = :version",
                  ExpressionAttributeValues: {
                    ":dims": dimensions,
                    ":next": survey.version + 1,
                    ":version": survey.version,
                    ":last": lastResolvedAt ?? survey.resolvedAt,
                  },
                },
              },
              ...(Object.keys(held).length
                ? [...moves(survey.dimensions, dimensions, -1), ...moves(dimensions, survey.dimensions, 1)]
                : []),
            ],
          }),
        );
        return "revised";
      } catch (error) {
        if (cancellationCodes(error)) return "conflict";
        throw error;
      }
    },

    async findToken(tokenHash) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: tokenKey(tokenHash) }));
      return Item ? { surveyId: Item.surveyId as string, expiresAt: Item.expiresAt as string } : undefined;
    },

    async saveResponse({
      survey,
      next,
      nonceId,
      scoreBefore,
      scoreAfter,
      followUp,
    }): Promise<SaveResponseResult> {
      const ledger = spendNonce(survey, nonceId);
      if (ledger === null) return { kind: "nonce-used" };
      const listing = next.score === undefined ? undefined : responseListingKey(survey.day, survey.surveyId);
      const surveyUpdate: TransactItem = {
        Update: {
          TableName: tableName,
          Key: surveyKey(survey.surveyId),
          UpdateExpression: listing
            ? "SET #response = :response, version = :next, usedNonces = :nonces, nonceFloor = :floor, gsi1pk = :gpk, gsi1sk = :gsk REMOVE gsi2pk, gsi2sk"
            : "SET #response = :response, version = :next, usedNonces = :nonces, nonceFloor = :floor REMOVE gsi1pk, gsi1sk",
          // The version makes this a compare-and-set: the trend deltas below are right only for the response we read.
          ConditionExpression: "version = :version",
          ExpressionAttributeNames: { "#response": "response" },
          ExpressionAttributeValues: {
            ":response": next,
            ":next": survey.version + 1,
            ":version": survey.version,
            ":nonces": ledger.usedNonces,
            ":floor": ledger.nonceFloor,
            ...(listing ? { ":gpk": listing.gsi1pk, ":gsk": listing.gsi1sk } : {}),
          },
        },
      };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              surveyUpdate,
              ...trendUpdates(tableName, survey, scoreDeltas(scoreBefore, scoreAfter)),
              ...(followUp ? [{ Put: followUpPut(tableName, followUp.next, followUp.expectedVersion) }] : []),
            ],
          }),
        );
        return { kind: "saved" };
      } catch (error) {
        if (isContention(error)) return { kind: "conflict" };
        if (cancellationCodes(error)?.some((code) => code === "ConditionalCheckFailed"))
          return { kind: "conflict" };
        throw error;
      }
    },

    async optOut(key, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: requesterKey(key),
            UpdateExpression:
              "SET #type = :type, optedOut = :true, optedOutAt = if_not_exists(optedOutAt, :at)",
            ExpressionAttributeNames: { "#type": TABLE.entityType },
            ExpressionAttributeValues: { ":type": "requester", ":true": true, ":at": at },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async optIn(key, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: requesterKey(key),
          UpdateExpression: "SET #type = :type, optedOut = :false, resubscribedAt = :at REMOVE optedOutAt",
          ExpressionAttributeNames: { "#type": TABLE.entityType },
          ExpressionAttributeValues: { ":type": "requester", ":false": false, ":at": at },
        }),
      );
    },
  };
}

/** Surveys, link tokens and requester profiles in the one table; every multi-item change is one transaction. */
export function makeDynamoSurveyRepository(db: DynamoDBDocumentClient, tableName: string): SurveyRepository {
  /**
   * Writes a transaction whose first item is conditioned on the survey's invitation, deciding again while it meets
   * contention; false when that condition no longer held.
   */
  async function writeInvitationChange(items: TransactItem[], what: string): Promise<boolean> {
    return retryWhileContended(
      async () => {
        try {
          await db.send(new TransactWriteCommand({ TransactItems: items }));
          return true;
        } catch (error) {
          if (cancellationCodes(error)?.[0] === "ConditionalCheckFailed") return false;
          if (isContention(error)) return TRY_AGAIN;
          throw error;
        }
      },
      { what },
    );
  }

  return {
    ...makeDynamoPublicSurveyRepository(db, tableName),

    async claimSurveyMail({
      kind,
      surveyId,
      tokenHash,
      nonce,
      expiresAt,
      at,
      seenClaimedAt,
      attempts,
      version,
    }) {
      // An invitation counts in the series of the survey as the mailer read it, so a survey moved since is read again;
      // the claim moves the version in turn, so that no revision moves the survey under a mail being sent.
      const unmoved = kind === "invitation" && version !== undefined ? " AND version = :version" : "";
      const unclaimed =
        kind === "invitation"
          ? "#mail.#state = :pending"
          : // A reminder is not claimed for a survey answered meanwhile.
            "(attribute_not_exists(#mail) OR #mail.#state = :pending) AND attribute_not_exists(#response.score)";
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              // The token is derived from the claim's nonce, so a take-over after a crash writes the same record again.
              {
                Put: {
                  ...tokenItem(tableName, tokenHash, surveyId, expiresAt),
                  ConditionExpression: "attribute_not_exists(pk) OR surveyId = :survey",
                  ExpressionAttributeValues: { ":survey": surveyId },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: surveyKey(surveyId),
                  // A reminder stays listed until it is sent, so a reminder whose message was lost is queued again by
                  // the job's catch-up days and sent under the lapsed claim's nonce, once.
                  UpdateExpression:
                    kind === "invitation"
                      ? "SET #mail = :claim, version = version + :one"
                      : "SET #mail = :claim",
                  ConditionExpression:
                    (seenClaimedAt === undefined
                      ? unclaimed
                      : "#mail.#state = :sending AND #mail.claimedAt = :seen") + unmoved,
                  ExpressionAttributeNames: {
                    "#mail": kind,
                    "#state": "state",
                    ...(seenClaimedAt === undefined && kind === "reminder"
                      ? { "#response": "response" }
                      : {}),
                  },
                  ExpressionAttributeValues: {
                    ":claim": { state: "sending", claimedAt: at, nonce, attempts },
                    ...(seenClaimedAt === undefined
                      ? { ":pending": "pending" }
                      : { ":sending": "sending", ":seen": seenClaimedAt }),
                    ...(unmoved ? { ":version": version } : {}),
                    ...(kind === "invitation" ? { ":one": 1 } : {}),
                  },
                },
              },
            ],
          }),
        );
        return "claimed";
      } catch (error) {
        return claimOutcome(error);
      }
    },

    async releaseSurveyMail(kind, surveyId, nonce) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: surveyKey(surveyId),
            UpdateExpression: "SET #mail.#state = :pending",
            ConditionExpression: "#mail.#state = :sending AND #mail.nonce = :nonce",
            ExpressionAttributeNames: { "#mail": kind, "#state": "state" },
            ExpressionAttributeValues: { ":pending": "pending", ":sending": "sending", ":nonce": nonce },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async markInvitationSent({ survey, nonce, at, sentDay }) {
      const awaiting = awaitingReminderKey(sentDay, survey.surveyId);
      const sent = { state: "sent", sentAt: at, nonce };
      // Only the claim's holder moves the survey to sent, so `invited` counts each mail handed over exactly once.
      const held = "invitation.#state = :sending AND invitation.nonce = :nonce";
      const change = (listForReminder: boolean): TransactItem[] => [
        {
          Update: {
            TableName: tableName,
            Key: surveyKey(survey.surveyId),
            UpdateExpression: listForReminder
              ? "SET invitation = :sent, gsi2pk = :apk, gsi2sk = :ask"
              : "SET invitation = :sent REMOVE gsi2pk, gsi2sk",
            // A survey answered while its email was on the way (from an earlier try) needs no reminder.
            ConditionExpression: listForReminder ? `${held} AND attribute_not_exists(#response.score)` : held,
            ExpressionAttributeNames: {
              "#state": "state",
              ...(listForReminder ? { "#response": "response" } : {}),
            },
            ExpressionAttributeValues: {
              ":sent": sent,
              ":sending": "sending",
              ":nonce": nonce,
              ...(listForReminder ? { ":apk": awaiting.gsi2pk, ":ask": awaiting.gsi2sk } : {}),
            },
          },
        },
        {
          Delete: {
            TableName: tableName,
            Key: pendingInvitationKey(survey.createdAt, survey.surveyId),
          },
        },
        ...trendUpdates(tableName, survey, { invited: 1 }),
      ];
      if (await writeInvitationChange(change(true), "Recording the invitation")) return;
      // Either answered meanwhile (record it without a reminder) or already recorded by this claim (nothing to do).
      await writeInvitationChange(change(false), "Recording the invitation");
    },

    async skipPendingInvitation({ survey, reason }) {
      // A survey claimed or sent meanwhile fails the condition and is left as it is.
      await writeInvitationChange(
        [
          {
            Update: {
              TableName: tableName,
              Key: surveyKey(survey.surveyId),
              UpdateExpression:
                "SET #status = :skipped, skipReason = :reason, version = :next REMOVE invitation",
              // The skip counts in the series of the survey as read: one moved since is left for the sweep to decide.
              ConditionExpression: "invitation.#state = :pending AND version = :version",
              ExpressionAttributeNames: { "#status": "status", "#state": "state" },
              ExpressionAttributeValues: {
                ":skipped": "skipped",
                ":reason": reason,
                ":pending": "pending",
                ":version": survey.version,
                ":next": survey.version + 1,
              },
            },
          },
          {
            Delete: {
              TableName: tableName,
              Key: pendingInvitationKey(survey.createdAt, survey.surveyId),
            },
          },
          ...trendUpdates(tableName, survey, { skipped: 1, [`skip_${reason}`]: 1 }),
        ],
        "Skipping the invitation",
      );
    },

    async markReminderSent({ surveyId, nonce, at }) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: surveyKey(surveyId),
            UpdateExpression: "SET reminder = :sent REMOVE gsi2pk, gsi2sk",
            ConditionExpression: "reminder.#state = :sending AND reminder.nonce = :nonce",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":sent": { state: "sent", sentAt: at, nonce },
              ":sending": "sending",
              ":nonce": nonce,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async listAwaitingReminder(sentDay) {
      const index = TABLE.indexes.byAlternate;
      const items = await queryAll(db, {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": index.partitionKey },
        ExpressionAttributeValues: { ":pk": awaitingReminderKey(sentDay, "").gsi2pk },
      });
      return items.map((item) => item.surveyId as string);
    },

    async listPendingInvitations(createdAfter, createdBefore) {
      const ids: string[] = [];
      for (const day of utcDaysBetween(createdAfter, createdBefore)) {
        const items = await queryAll(db, {
          TableName: tableName,
          ConsistentRead: true,
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
          ExpressionAttributeNames: { "#pk": TABLE.partitionKey, "#sk": TABLE.sortKey },
          ExpressionAttributeValues: {
            ":pk": pendingInvitationKey(day, "").pk,
            ":from": createdAfter,
            ":to": `${createdBefore}\uffff`,
          },
        });
        ids.push(...items.map((item) => item.surveyId as string));
      }
      return ids;
    },

    async markUndeliverable(key, reason, at) {
      // The first report wins: a complaint after a bounce keeps the bounce and when it came.
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: requesterKey(key),
          UpdateExpression:
            "SET #type = :type, undeliverable = if_not_exists(undeliverable, :reason), undeliverableAt = if_not_exists(undeliverableAt, :at)",
          ExpressionAttributeNames: { "#type": TABLE.entityType },
          ExpressionAttributeValues: { ":type": "requester", ":reason": reason, ":at": at },
        }),
      );
    },
  };
}
