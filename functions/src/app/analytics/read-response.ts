import { DomainError } from "../../domain/errors.js";
import type { ListedResponse, ResponseListing } from "../ports.js";

/** Reads one rated response by its survey id, as the listing shows it. */
export type ReadResponse = (surveyId: string) => Promise<ListedResponse>;

/** Builds the reader of one rated response, which answers `not-found` for an unknown or still unrated survey. */
export function makeReadResponse(deps: { responses: Pick<ResponseListing, "getMany"> }): ReadResponse {
  return async function readResponse(surveyId) {
    const [found] = await deps.responses.getMany([surveyId]);
    if (found === undefined) {
      throw new DomainError("not-found", `There is no rated response ${surveyId}`, { id: surveyId });
    }
    return found;
  };
}
