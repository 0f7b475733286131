import type { ConnectorMappingRepository } from "../../adapters/dynamo/connector-mapping-repository.js";
import {
  CONNECTORS,
  type ConnectorName,
  effectiveMapping,
  isConnectorName,
} from "../../domain/connectors/connectors.js";
import type { FieldMapping, MappedField } from "../../domain/connectors/field-mapping.js";
import { DomainError } from "../../domain/errors.js";
import type { Handlers } from "../contract/mount.js";
import type { connectorsContracts as contracts } from "../contracts/connectors.js";

function connectorNamed(name: string): ConnectorName {
  if (!isConnectorName(name)) throw new DomainError("not-found", `There is no connector "${name}"`);
  return name;
}

const answer = (name: ConnectorName, replaced: FieldMapping | undefined) => ({
  connector: name,
  label: CONNECTORS[name].label,
  fields: effectiveMapping(CONNECTORS[name], replaced),
  replaced: Object.keys(replaced ?? {}) as MappedField[],
});

/** Reading and replacing a connector's field mapping. */
export function connectorsHandlers(deps: {
  connectorMappings: ConnectorMappingRepository;
}): Handlers<typeof contracts> {
  const { connectorMappings } = deps;
  return {
    readConnectorMapping: async ({ params }) => {
      const name = connectorNamed(params.connector);
      return { status: 200, body: answer(name, await connectorMappings.get(name)) };
    },

    replaceConnectorMapping: async ({ params, body }) => {
      const name = connectorNamed(params.connector);
      await connectorMappings.save(name, body.fields);
      return { status: 200, body: answer(name, body.fields) };
    },
  };
}
