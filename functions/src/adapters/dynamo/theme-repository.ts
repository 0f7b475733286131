import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
} from "@aws-sdk/lib-dynamodb";
// zod/mini: the scheduled function reads themes for the digest and should not carry zod's method-rich classes.
import * as z from "zod/mini";
import type { ThemeSnapshot, ThemeSnapshotRepository } from "../../app/ports.js";
import type { TermCount } from "../../domain/themes/theme-terms.js";
import { themeSnapshotKey, themeTermsKey } from "./keys.js";
import { TABLE } from "./table.js";

const BATCH = 25;
/** Snapshots of an older shape are recomputed rather than read. */
const SNAPSHOT_VERSION = 2;
// Terms are packed as text, about 30 bytes each; a chunk stays far below DynamoDB's 400 KB item limit.
const CHUNK_CHARS = 200_000;

const scores = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);
const SnapshotItem = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  month: z.string(),
  service: z.string(),
  comments: z.number(),
  responses: z.number(),
  themes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      count: z.number(),
      responseIds: z.array(z.string()),
      locales: z.array(z.string()),
      sample: z.array(z.string()),
    }),
  ),
  reasons: z.array(z.object({ reason: z.string(), scores })),
  termChunks: z.int().check(z.gte(0)),
  computedAt: z.string(),
  final: z.boolean(),
});
const TermsItem = z.object({ computedAt: z.string(), terms: z.string() });

// One line per term: key, label, label uses and the five score counts, tab separated (terms hold no tabs).
function packTerms(terms: readonly TermCount[]): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const term of terms) {
    const line = `${term.key}\t${term.label}\t${term.labelUses}\t${term.scores.join("\t")}\n`;
    if (current.length + line.length > CHUNK_CHARS && current.length > 0) {
      chunks.push(current);
      current = "";
    }
    current += line;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function unpackTerms(text: string): TermCount[] {
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const [key, label, labelUses, ...counts] = line.split("\t");
      const parsed = scores.safeParse(counts.map(Number));
      if (
        key === undefined ||
        label === undefined ||
        !parsed.success ||
        counts.some((c) => !/^\d+$/.test(c))
      ) {
        throw new Error(`A stored theme term is malformed: ${JSON.stringify(line.slice(0, 80))}`);
      }
      return { key, label, labelUses: Number(labelUses), scores: parsed.data };
    });
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

async function writeAll(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  await sendAll(
    db,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

async function sendAll(db: DynamoDBDocumentClient, tableName: string, pending: WriteRequest[]) {
  for (let start = 0; start < pending.length; start += BATCH) {
    let batch = pending.slice(start, start + BATCH);
    for (let attempt = 0; batch.length > 0; attempt++) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
      batch = (result.UnprocessedItems?.[tableName] ?? []) as typeof batch;
      if (batch.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  }
}

/**
 * Monthly theme snapshots: per service and month one item with the top themes and reason tags, and the counts of
 * every term packed into as few items as their size needs, so reading costs items per month and service asked for.
 */
export function makeDynamoThemeRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): ThemeSnapshotRepository {
  return {
    async get(month, service) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: themeSnapshotKey(month, service) }),
      );
      if (!Item || Item.version !== SNAPSHOT_VERSION) return undefined;
      const { version: _version, termChunks, ...header } = SnapshotItem.parse(Item);
      const keys = Array.from({ length: termChunks }, (_, index) => themeTermsKey(month, service, index));
      const chunks = new Map<string, string>();
      for (let pending = keys; pending.length > 0; ) {
        const result = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[tableName] ?? []) {
          const terms = TermsItem.parse(item);
          // A chunk of another computation means a rewrite is under way: the snapshot is read as missing.
          if (terms.computedAt !== header.computedAt) return undefined;
          chunks.set(String(item.sk), terms.terms);
        }
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof keys;
      }
      if (chunks.size !== termChunks) return undefined;
      const terms = keys.flatMap((key) => unpackTerms(chunks.get(key.sk) ?? ""));
      return { ...header, terms } satisfies ThemeSnapshot;
    },

    async putAll(snapshots) {
      const items: Record<string, unknown>[] = [];
      for (const { terms, ...snapshot } of snapshots) {
        const chunks = packTerms(terms);
        chunks.forEach((text, index) => {
          items.push({
            ...themeTermsKey(snapshot.month, snapshot.service, index),
            [TABLE.entityType]: "theme-terms",
            computedAt: snapshot.computedAt,
            terms: text,
          });
        });
        items.push({
          ...themeSnapshotKey(snapshot.month, snapshot.service),
          [TABLE.entityType]: "theme-snapshot",
          version: SNAPSHOT_VERSION,
          ...snapshot,
          termChunks: chunks.length,
        });
      }
      // The headers go last, so a header never names chunks that are not written yet.
      const headers = items.filter((item) => item[TABLE.entityType] === "theme-snapshot");
      await writeAll(
        db,
        tableName,
        items.filter((item) => item[TABLE.entityType] !== "theme-snapshot"),
      );
      await writeAll(db, tableName, headers);
    },

    async expire(keys) {
      // Without its header a snapshot reads as missing; the next computation rewrites its term chunks.
      const unique = new Map(
        keys.map(({ month, service }) => [`${month}\u0000${service}`, themeSnapshotKey(month, service)]),
      );
      await sendAll(
        db,
        tableName,
        [...unique.values()].map((Key) => ({ DeleteRequest: { Key } })),
      );
    },
  };
}
