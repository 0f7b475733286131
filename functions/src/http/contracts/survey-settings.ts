import * as z from "zod/mini";
import { staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { integer, storableNumber } from "./common.js";

const SurveyPolicySchema = named(
  z.strictObject({
    throttleDays: described(
      storableNumber().check(z.minimum(0), z.maximum(365)),
      "At most one invitation per requester in this many days",
    ),
    sampleRate: described(
      storableNumber().check(z.minimum(0), z.maximum(1)),
      "Share of eligible tickets that are surveyed",
    ),
    expiryDays: described(integer().check(z.minimum(1), z.maximum(90)), "Days a survey link stays open"),
    scannerWindowSeconds: described(
      integer().check(z.minimum(0), z.maximum(600)),
      "Automatic confirmations of different scores this close together count as a mail scanner",
    ),
    followUpThreshold: described(
      integer().check(z.minimum(0), z.maximum(4)),
      "Ratings at or below open a follow-up case",
    ),
  }),
  "SurveyPolicy",
);

const path = "/api/v1/settings/survey-policy";
const tags = ["Settings"];

/** The survey policy: throttling, sampling, expiry, scanner window, follow-up threshold; read by all, set by heads. */
export const surveySettingsContracts = {
  readSurveyPolicy: defineRoute({
    operationId: "readSurveyPolicy",
    method: "get",
    path,
    summary: "The survey policy in force",
    tags,
    role: "analyst",
    responses: { 200: { description: "The policy", schema: SurveyPolicySchema }, ...staffProblems },
  }),

  updateSurveyPolicy: defineRoute({
    operationId: "updateSurveyPolicy",
    method: "put",
    path,
    summary: "Change the survey policy (heads); applies to tickets reported from now on",
    tags,
    role: "head",
    body: { schema: SurveyPolicySchema },
    responses: {
      200: { description: "The policy now in force", schema: SurveyPolicySchema },
      ...staffProblems,
    },
  }),
} as const;
