import { eachDay } from "../../functions/src/domain/calendar.js";
import type { Score, Survey } from "../../functions/src/domain/survey.js";

/** One service's planted satisfaction: responses per day and csat as a function of the day. */
export interface PlantedService {
  name: string;
  perDay: number;
  csat: (day: string) => number;
  agents?: readonly string[];
}

const POSITIVE: readonly Score[] = [5, 4];
const NEGATIVE: readonly Score[] = [1, 2, 3];

/** A rated survey with only what the aggregates and listings read. */
export function aRatedSurvey(input: {
  id: string;
  day: string;
  service: string;
  score: Score;
  agent?: string | undefined;
  comment?: string | undefined;
  locale?: "pl" | "en";
}): Survey {
  const resolvedAt = `${input.day}T10:00:00Z`;
  return {
    surveyId: input.id,
    source: "test",
    ticketId: `T-${input.id}`,
    title: `Ticket ${input.id}`,
    resolvedAt,
    day: input.day,
    requester: { email: `${input.id}@example.com`, locale: input.locale ?? "pl" },
    dimensions: {
      service: input.service,
      ...(input.agent ? { agent: input.agent } : {}),
      channel: "portal",
    },
    status: "invited",
    createdAt: resolvedAt,
    response: {
      score: input.score,
      comment: input.comment,
      reasons: [],
      mode: "deliberate",
      respondedAt: resolvedAt,
      autoHits: [],
      changes: 0,
    },
    version: 1,
  };
}

/**
 * Surveys whose csat follows each service's planted rate exactly: the satisfied count of each day is carried by error
 * diffusion, so any window's csat equals the planted rate to within one response, with no sampling noise to blur a test.
 */
export function plantedSurveys(from: string, to: string, services: readonly PlantedService[]): Survey[] {
  const surveys: Survey[] = [];
  for (const service of services) {
    let carried = 0;
    let given = 0;
    for (const day of eachDay(from, to)) {
      carried += service.csat(day) * service.perDay;
      const positive = Math.min(service.perDay, Math.max(0, Math.round(carried) - given));
      given += positive;
      for (let i = 0; i < service.perDay; i++) {
        const score = i < positive ? (POSITIVE[i % 2] as Score) : (NEGATIVE[i % 3] as Score);
        const agents = service.agents ?? [];
        surveys.push(
          aRatedSurvey({
            id: `${service.name.replace(/\W/g, "")}-${day}-${i}`,
            day,
            service: service.name,
            score,
            agent: agents.length > 0 ? agents[i % agents.length] : undefined,
          }),
        );
      }
    }
  }
  return surveys;
}
