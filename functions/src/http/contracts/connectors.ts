import * as z from "zod/mini";
import { CONNECTOR_NAMES } from "../../domain/connectors/connectors.js";
import {
  MAPPED_FIELDS,
  MAX_SOURCE_LENGTH,
  MAX_SOURCES,
  sourceProblem,
} from "../../domain/connectors/field-mapping.js";
import { notFoundProblem, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";

// A malformed source is refused by name (`fields.service.0`), with what is wrong with it.
const Source = z.string().check(
  z.maxLength(MAX_SOURCE_LENGTH),
  z.superRefine((source, ctx) => {
    const problem = sourceProblem(source);
    if (problem) ctx.addIssue({ code: "custom", message: `"${source}" ${problem}`, input: source });
  }),
);

const Sources = described(
  z.array(Source).check(z.maxLength(MAX_SOURCES)),
  "Where the field is read, tried in order: a dotted path (`issue.fields.priority.name`, numbers for list items), " +
    "a template (`{issue.self|origin}/browse/{issue.key}`), a fixed text (`=ServiceNow`), or for slaBreached a path " +
    "read the other way round (`!made_sla`); an empty list reads nothing",
);

const FieldMappingSchema = named(
  z.partialRecord(z.enum(MAPPED_FIELDS), Sources),
  "ConnectorFieldMapping",
  "Where each of Pulse's ticket fields is read from in the tool's payload",
);

const ConnectorMappingSchema = named(
  z.object({
    connector: z.enum(CONNECTOR_NAMES),
    label: z.string(),
    fields: FieldMappingSchema,
    replaced: described(
      z.array(z.enum(MAPPED_FIELDS)),
      "The fields a head replaced; the others are the connector's defaults",
    ),
  }),
  "ConnectorMapping",
);

const ConnectorParams = z.object({
  connector: described(z.string().check(z.maxLength(40)), "servicenow, jira, zendesk, freshservice or glpi"),
});

const path = "/api/v1/connectors/{connector}/mapping";
const tags = ["Connectors"];
const notFound = notFoundProblem("No such connector");

/** A connector's field mapping: read by all staff, replaced field by field by heads. */
export const connectorsContracts = {
  readConnectorMapping: defineRoute({
    operationId: "readConnectorMapping",
    method: "get",
    path,
    summary: "Where a connector reads each ticket field from in its tool's payload",
    tags,
    role: "analyst",
    params: ConnectorParams,
    responses: {
      200: { description: "The mapping in force", schema: ConnectorMappingSchema },
      ...staffProblems,
      ...notFound,
    },
  }),

  replaceConnectorMapping: defineRoute({
    operationId: "replaceConnectorMapping",
    method: "put",
    path,
    summary: "Replace fields of a connector's mapping (heads); fields left out go back to the defaults",
    tags,
    role: "head",
    params: ConnectorParams,
    body: { schema: z.strictObject({ fields: FieldMappingSchema }) },
    responses: {
      200: { description: "The mapping now in force", schema: ConnectorMappingSchema },
      ...staffProblems,
      ...notFound,
    },
  }),
} as const;
