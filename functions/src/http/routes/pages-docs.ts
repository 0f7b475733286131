import * as z from "zod/mini";
import type { RatingResult } from "../../app/surveys/respond-to-survey.js";
import { LOCALES } from "../../i18n/locale.js";
import type { DocumentParts, ExtraOperation } from "../contract/openapi-document.js";
import { described } from "../contract/route.js";
import { RatingForm } from "./survey-pages.js";

const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});
const htmlOrProblem = (description: string) => ({
  description,
  content: {
    "text/html": { schema: { type: "string" } },
    "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
  },
});
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
// The central error table sets Retry-After on every 503, the friendly page's as much as the problem's.
const retryAfter = { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } };
const BUSY = "Busy: nothing was stored; try again after Retry-After seconds";
const busy = { ...html(BUSY), headers: retryAfter };

const token = {
  name: "token",
  in: "path",
  required: true,
  description: "The link's token from the email",
  schema: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$" },
};
const lang = {
  name: "lang",
  in: "query",
  required: false,
  description: "The page's language; else the requester's, else Accept-Language",
  schema: { type: "string", enum: [...LOCALES] },
};

const LangForm = z.object({ lang: z.optional(z.enum(LOCALES)) });

const OUTCOMES = [
  "recorded",
  "withdrawn",
  "ignored",
  "already-recorded",
] as const satisfies readonly RatingResult["outcome"][];

/**
 * What the rating POST answers the page's script with (it asks with `Accept: application/json`). Documentation only:
 * the public function does not carry this module, and the page builds its answer typed by `RatingAnswer`.
 */
const RatingAnswerSchema = z.strictObject({
  ok: described(
    z.boolean(),
    "Whether the score now on record is the one posted (recorded, or already recorded)",
  ),
  outcome: described(
    z.enum(OUTCOMES),
    "recorded; withdrawn (a scanner-like burst undid it); ignored (a scanner-like auto post beside a deliberate one); already-recorded (the form was posted before)",
  ),
  score: described(
    z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(5))),
    "The score now on record, or null when none is",
  ),
  nextNonce: described(z.string().check(z.minLength(1)), "The one-time value the page's next post carries"),
  followUp: described(z.boolean(), "The score on record is low enough that someone will be in touch"),
});

/** The rating POST's JSON answer, as the page's route builds it. */
export type RatingAnswer = z.input<typeof RatingAnswerSchema>;

/** The requester pages as the OpenAPI document describes them, from the schemas the pages validate their forms with. */
export function pagesOperations(): Required<Pick<DocumentParts, "extraOperations" | "extraSchemas">> {
  const form = (name: string) => ({
    required: true,
    content: { "application/x-www-form-urlencoded": { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  const operations: ExtraOperation[] = [
    {
      method: "get",
      path: "/s/{token}",
      operation: {
        operationId: "showSurveyPage",
        summary: "The survey page, with the linked score chosen; records nothing",
        tags: ["Requester pages"],
        parameters: [
          token,
          lang,
          {
            name: "score",
            in: "query",
            required: false,
            schema: { type: "integer", minimum: 1, maximum: 5 },
          },
        ],
        responses: {
          200: html("The survey page"),
          404: htmlOrProblem("No survey has this link"),
          410: html("The survey has closed"),
          500: html("The error page"),
          503: busy,
        },
      },
    },
    {
      method: "post",
      path: "/s/{token}",
      operation: {
        operationId: "rateSurvey",
        summary: "Records the rating a served page carried; JSON when the page's script asks for it",
        tags: ["Requester pages"],
        parameters: [token, lang],
        requestBody: form("RatingForm"),
        responses: {
          200: {
            description: "The page again, saying what was recorded",
            content: {
              "text/html": { schema: { type: "string" } },
              "application/json": { schema: { $ref: "#/components/schemas/RatingAnswer" } },
            },
          },
          400: htmlOrProblem("The form again, naming the field it refused"),
          404: htmlOrProblem("No survey has this link"),
          409: htmlOrProblem("The survey was never sent"),
          410: htmlOrProblem("The survey has closed"),
          413: problem("The form is too large"),
          500: htmlOrProblem("The error page"),
          503: { ...htmlOrProblem(BUSY), headers: retryAfter },
        },
      },
    },
    ...(["opt-out", "opt-in"] as const).map((what) => ({
      method: "post",
      path: `/s/{token}/${what}`,
      operation: {
        operationId: what === "opt-out" ? "optOut" : "optIn",
        summary: what === "opt-out" ? "Stops all further surveys to this requester" : "Undoes an opt-out",
        tags: ["Requester pages"],
        parameters: [token, lang],
        requestBody: form("LanguageForm"),
        responses: {
          200: html(what === "opt-out" ? "Opted out, offering to subscribe again" : "Subscribed again"),
          404: htmlOrProblem("No survey has this link"),
          413: problem("The form is too large"),
          500: html("The error page"),
          503: busy,
        },
      },
    })),
    {
      method: "get",
      path: "/s/{token}/opt-out",
      operation: {
        operationId: "confirmOptOut",
        summary: "Asks the requester to confirm opting out of all surveys",
        tags: ["Requester pages"],
        parameters: [token, lang],
        responses: {
          200: html("The confirmation page"),
          404: htmlOrProblem("No survey has this link"),
          500: html("The error page"),
          503: busy,
        },
      },
    },
  ];
  return {
    extraSchemas: { RatingForm, LanguageForm: LangForm, RatingAnswer: RatingAnswerSchema },
    extraOperations: operations,
  };
}
