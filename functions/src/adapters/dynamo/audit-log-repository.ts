import { randomBytes } from "node:crypto";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { AuditEntry, AuditLogRepository } from "../../app/ports.js";
import { auditKey } from "./keys.js";
import { queryAll } from "./query-all.js";
import { TABLE } from "./table.js";

/** How long the audit log keeps an entry: two years, long enough for a data subject's complaint to be looked into. */
export const AUDIT_RETENTION_DAYS = 730;

const AuditItem = z.object({
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  action: z.string(),
  target: z.string(),
  clientAddress: z.string(),
  userAgent: z.string(),
});

/** The audit log in the one table, one partition per month, each entry removed by TTL after the retention period. */
export function makeDynamoAuditLogRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): AuditLogRepository {
  return {
    async append(entry) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...auditKey(entry.at, randomBytes(6).toString("hex")),
            [TABLE.entityType]: "audit",
            ...entry,
            [TABLE.ttlAttribute]: Math.floor(Date.parse(entry.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },

    async month(month) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": auditKey(`${month}-01`, "").pk },
        ScanIndexForward: false,
      });
      return items.map((item): AuditEntry => AuditItem.parse(item));
    },
  };
}
