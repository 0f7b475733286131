import { connectorIntakeOperations } from "./connectors/connector-intake-docs.js";
import { type OpenApiDocument, openApiDocument } from "./contract/openapi-document.js";
import { STAFF_CONTRACTS } from "./contracts/index.js";
import { intakeOperations } from "./routes/intake-docs.js";
import { pagesOperations } from "./routes/pages-docs.js";

/** Where the document is served: by the local server, and on AWS by CloudFront from the web app's bucket. */
export const API_DOCUMENT_PATH = "/api/openapi.json";

let built: OpenApiDocument | undefined;

/** The API's OpenAPI document: every staff route from its contract, intake and the requester pages from the public function's schemas. */
export function apiDocument(): OpenApiDocument {
  if (built) return built;
  const intake = intakeOperations();
  const pages = pagesOperations();
  const connectors = connectorIntakeOperations();
  built = openApiDocument({
    routes: STAFF_CONTRACTS,
    extraOperations: [...intake.extraOperations, ...connectors.extraOperations, ...pages.extraOperations],
    extraSchemas: { ...intake.extraSchemas, ...pages.extraSchemas },
  });
  return built;
}
