import { DomainError } from "../../domain/errors.js";
import { themeKeysOf } from "../../domain/themes/index.js";
import { isWellFormedText } from "../../domain/well-formed-text.js";
import type { ListedResponse, Page, ResponseListing } from "../ports.js";
import { assertRange } from "./date-range.js";
import { ALL_SERVICES, lastDayOfMonth, type MonthlyThemes, monthsBetween } from "./monthly-themes.js";

export interface ResponsesQuery {
  from: string;
  to: string;
  service?: string | undefined;
  scores?: readonly number[] | undefined;
  hasComment?: boolean | undefined;
  /** A theme key from the themes endpoint: only the responses behind it. */
  theme?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

type Cursor = { month: string; after: string | null } | { offset: number };

// The cursor names the day and survey of the last response shown, not the index key they are stored under.
function encodeCursor(cursor: Cursor): string {
  if ("offset" in cursor) return Buffer.from(JSON.stringify(cursor)).toString("base64url");
  const split = cursor.after === null ? -1 : cursor.after.indexOf("#");
  const position =
    cursor.after === null
      ? { day: null, survey: null }
      : { day: cursor.after.slice(0, split), survey: cursor.after.slice(split + 1) };
  return Buffer.from(JSON.stringify({ month: cursor.month, ...position })).toString("base64url");
}

// Anything but a day of the cursor's month and a plain survey id would reach storage as a bad start key.
function positionIn(month: string, day: unknown, survey: unknown): string | null | undefined {
  if (day === null && survey === null) return null;
  if (typeof day !== "string" || typeof survey !== "string") return undefined;
  if (!new RegExp(`^${month}-\\d{2}$`).test(day)) return undefined;
  if (survey.length === 0 || survey.length > 200 || survey.includes("#") || !isWellFormedText(survey))
    return undefined;
  return `${day}#${survey}`;
}

function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof parsed.offset === "number" && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) {
      return { offset: parsed.offset };
    }
    if (typeof parsed.month === "string" && /^\d{4}-\d{2}$/.test(parsed.month)) {
      const after = positionIn(parsed.month, parsed.day, parsed.survey);
      if (after !== undefined) return { month: parsed.month, after };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new DomainError("validation", "The cursor is not one this listing handed out", {
    fields: ["cursor"],
  });
}

// ISO days order as strings; Math.min would coerce them to NaN.
const earlierDay = (a: string, b: string) => (a <= b ? a : b);
const laterDay = (a: string, b: string) => (a >= b ? a : b);

function matches(response: ListedResponse, query: ResponsesQuery): boolean {
  if (response.day < query.from || response.day > query.to) return false;
  if (query.service !== undefined && response.dimensions.service !== query.service) return false;
  if (query.scores && query.scores.length > 0 && !query.scores.includes(response.score)) return false;
  if (query.hasComment !== undefined && (response.comment !== null) !== query.hasComment) return false;
  return true;
}

/**
 * Lists rated responses newest first, month by month through the response listing, so a manager can read the comments
 * behind a dip; with a theme, the responses that the theme's monthly snapshots name.
 */
export function makeListResponses(deps: { responses: ResponseListing; monthlyThemes: MonthlyThemes }) {
  async function byTheme(
    query: ResponsesQuery & { theme: string },
    offset: number,
  ): Promise<Page<ListedResponse>> {
    const months = monthsBetween(query.from, query.to).reverse();
    const snapshots = await Promise.all(
      months.map((month) => deps.monthlyThemes(month, query.service ?? ALL_SERVICES)),
    );
    const perMonth = await Promise.all(
      snapshots.map(async (snapshot) => {
        const stored = snapshot.themes.find((theme) => theme.key === query.theme);
        if (stored !== undefined) return stored.responseIds;
        // Only the most mentioned themes name their responses; the month's comments are read again for the others.
        if (!snapshot.terms.some((term) => term.key === query.theme)) return [];
        const responses = await deps.responses.readMonth(snapshot.month);
        return responses
          .filter(
            (response) =>
              response.comment !== null &&
              (query.service === undefined || response.dimensions.service === query.service) &&
              themeKeysOf(response.comment, response.locale).has(query.theme),
          )
          .sort((a, b) => b.day.localeCompare(a.day))
          .map((response) => response.surveyId);
      }),
    );
    const ids = [...new Set(perMonth.flat())];
    const slice = ids.slice(offset, offset + query.limit);
    const found = await deps.responses.getMany(slice);
    return {
      items: found.filter((response) => matches(response, query)).sort((a, b) => b.day.localeCompare(a.day)),
      nextCursor: offset + query.limit < ids.length ? encodeCursor({ offset: offset + query.limit }) : null,
    };
  }

  return async function listResponses(query: ResponsesQuery): Promise<Page<ListedResponse>> {
    assertRange(query.from, query.to);
    const cursor = decodeCursor(query.cursor);
    if (query.theme !== undefined) {
      if (cursor && !("offset" in cursor)) {
        throw new DomainError("validation", "The cursor belongs to a listing without a theme", {
          fields: ["cursor"],
        });
      }
      return byTheme({ ...query, theme: query.theme }, cursor?.offset ?? 0);
    }
    if (cursor && "offset" in cursor) {
      throw new DomainError("validation", "The cursor belongs to a listing by theme", { fields: ["cursor"] });
    }
    const months = monthsBetween(query.from, query.to).reverse();
    let index = cursor ? months.indexOf(cursor.month) : 0;
    if (index < 0)
      throw new DomainError("validation", "The cursor lies outside the range", { fields: ["cursor"] });
    let after = cursor?.after ?? undefined;
    const items: ListedResponse[] = [];
    while (index < months.length && items.length < query.limit) {
      const month = months[index] as string;
      const monthStart = `${month}-01`;
      const monthEnd = lastDayOfMonth(month);
      const page = await deps.responses.page({
        month,
        from: laterDay(query.from, monthStart),
        to: earlierDay(query.to, monthEnd),
        service: query.service,
        scores: query.scores,
        hasComment: query.hasComment,
        after,
        limit: query.limit - items.length,
      });
      items.push(...page.items);
      if (!page.exhausted) {
        return { items, nextCursor: encodeCursor({ month, after: page.last }) };
      }
      index += 1;
      after = undefined;
    }
    const next = months[index];
    return { items, nextCursor: next === undefined ? null : encodeCursor({ month: next, after: null }) };
  };
}

export type ListResponses = ReturnType<typeof makeListResponses>;
