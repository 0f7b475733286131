import { describe, expect, it } from "vitest";
import { decideRating, type RatingSubmission } from "../../../functions/src/domain/rating.js";
import type { RecordedResponse, Score, Survey } from "../../../functions/src/domain/survey.js";

const start = Date.parse("2026-11-20T15:00:00Z");
const at = (seconds: number) => new Date(start + seconds * 1000);
const options = { scannerWindowSeconds: 30 };

function aSurvey(response?: RecordedResponse): Survey {
  return {
    surveyId: "s1",
    source: "servicenow",
    ticketId: "INC1",
    title: "VPN",
    resolvedAt: "2026-11-20T14:00:00Z",
    day: "2026-11-20",
    requester: { email: "anna@example.com", locale: "pl" },
    dimensions: { service: "Remote access" },
    status: "invited",
    createdAt: "2026-11-20T14:01:00Z",
    expiresAt: "2026-12-04T14:01:00Z",
    response,
    version: response ? 1 : 0,
  };
}

const submit = (
  score: Score,
  mode: RatingSubmission["mode"],
  seconds: number,
  extra: Partial<RatingSubmission> = {},
) => ({
  score,
  mode,
  reasons: [],
  at: at(seconds),
  ...extra,
});

/** Applies submissions in order, as the store would, and returns the final response. */
function replay(submissions: RatingSubmission[]) {
  let survey = aSurvey();
  const decisions = submissions.map((submission) => {
    const decision = decideRating(survey, submission, options);
    if (decision.kind !== "ignore") survey = { ...survey, response: decision.response };
    return decision.kind;
  });
  return { response: survey.response, decisions };
}

describe("How a rating changes the stored response", () => {
  it("records a first rating from the page's automatic confirmation", () => {
    const { response } = replay([submit(4, "auto", 0)]);
    expect(response).toMatchObject({ score: 4, mode: "auto", changes: 0 });
  });

  it("lets the requester change their mind, counting the change", () => {
    const { response } = replay([
      submit(2, "deliberate", 0),
      submit(5, "deliberate", 3600, { comment: "Sorted after all" }),
    ]);
    expect(response).toMatchObject({ score: 5, comment: "Sorted after all", changes: 1 });
  });

  it("withdraws an automatic rating when automatic confirmations of other scores follow within seconds", () => {
    const { response, decisions } = replay([
      submit(1, "auto", 0),
      submit(2, "auto", 1),
      submit(3, "auto", 2),
    ]);
    expect(decisions).toEqual(["record", "withdraw", "withdraw"]);
    expect(response?.score).toBeUndefined();
  });

  it("keeps a deliberate choice against a scanner's burst", () => {
    const { response, decisions } = replay([
      submit(4, "deliberate", 0),
      submit(1, "auto", 2),
      submit(5, "auto", 3),
    ]);
    expect(decisions).toEqual(["record", "ignore", "ignore"]);
    expect(response).toMatchObject({ score: 4, mode: "deliberate" });
  });

  it("records the requester's own link after a scanner's burst has passed", () => {
    const { response } = replay([submit(1, "auto", 0), submit(5, "auto", 1), submit(3, "auto", 600)]);
    expect(response).toMatchObject({ score: 3 });
  });

  it("keeps the comment when a later automatic confirmation repeats the score", () => {
    const { response } = replay([submit(4, "deliberate", 0, { comment: "Thanks" }), submit(4, "auto", 60)]);
    expect(response).toMatchObject({ score: 4, comment: "Thanks" });
  });

  it("refuses a rating after the survey closed, and on a survey never sent", () => {
    expect(() => decideRating(aSurvey(), submit(4, "deliberate", 30 * 86_400), options)).toThrow(/closed/);
    expect(() =>
      decideRating({ ...aSurvey(), status: "skipped" }, submit(4, "deliberate", 0), options),
    ).toThrow(/never sent/);
  });

  it("refuses a comment over 2000 characters", () => {
    expect(() =>
      decideRating(aSurvey(), submit(4, "deliberate", 0, { comment: "x".repeat(2001) }), options),
    ).toThrow(/2000/);
  });
});
