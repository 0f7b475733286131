import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ConnectorName } from "../../domain/connectors/connectors.js";
import { type FieldMapping, MAPPED_FIELDS, sourceProblem } from "../../domain/connectors/field-mapping.js";
import { settingsKey } from "./keys.js";
import { TABLE } from "./table.js";

/** The fields of a connector's mapping that a head replaced, stored apart from the defaults in code. */
export interface ConnectorMappingRepository {
  /** The replaced fields, or undefined when the connector runs on its defaults. */
  get(connector: ConnectorName): Promise<FieldMapping | undefined>;
  save(connector: ConnectorName, replaced: FieldMapping): Promise<void>;
}

const keyOf = (connector: ConnectorName) => settingsKey(`connector-mapping#${connector}`);

// A stored mapping is checked as it is read: a bad item fails here, loudly, not deep in an intake.
function parseStored(connector: ConnectorName, value: unknown): FieldMapping {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`The stored mapping of ${connector} is not an object`);
  }
  const mapping: FieldMapping = {};
  for (const [field, sources] of Object.entries(value)) {
    const known = (MAPPED_FIELDS as readonly string[]).includes(field);
    const wellFormed =
      Array.isArray(sources) && sources.every((s) => typeof s === "string" && sourceProblem(s) === undefined);
    if (!known || !wellFormed) throw new Error(`The stored mapping of ${connector} has a bad field ${field}`);
    mapping[field as keyof FieldMapping] = sources as string[];
  }
  return mapping;
}

/** Connector mappings stored as one settings item per connector, read on every delivery so a change applies at once. */
export function makeDynamoConnectorMappingRepository(
  db: DynamoDBDocumentClient,
  tableName: string,
): ConnectorMappingRepository {
  return {
    async get(connector) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(connector) }));
      return Item ? parseStored(connector, Item.mapping) : undefined;
    },
    async save(connector, replaced) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keyOf(connector), [TABLE.entityType]: "connector-mapping", mapping: replaced },
        }),
      );
    },
  };
}
