/** @jsxRuntime classic */
/** @jsx h */
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
// zod/mini keeps the public function small; the form's rules are the same as ever.
import * as z from "zod/mini";
import type { RatingView, RespondToSurvey } from "../../app/surveys/respond-to-survey.js";
import { DomainError } from "../../domain/errors.js";
import { MAX_COMMENT_LENGTH } from "../../domain/rating.js";
import type { Score, Survey } from "../../domain/survey.js";
import { isLocale, type Locale, otherLocale, pickLocale } from "../../i18n/locale.js";
import { isReasonCode } from "../../i18n/reason-tags.js";
import { coercedNumber } from "../../zod-mini-builders.js";
import { fieldErrors, problem, statusOfDomainError, toErrorResponse } from "../errors.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { h } from "../pages/markup.js";
import type { Organisation } from "../pages/page-layout.js";
import { StatusPage, type StatusPageKind } from "../pages/status-page.js";
import { SurveyPage, type SurveyPageProps } from "../pages/survey-page.js";
// A type only: the answer's schema documents it in the API document, which the public function does not carry.
import type { RatingAnswer } from "./pages-docs.js";

type PageEnv = { Variables: { cspNonce: string } };

const ScoreParam = coercedNumber().check(z.int(), z.gte(1), z.lte(5));

export const RatingForm = z.object({
  score: ScoreParam,
  // The page words each refusal in the requester's language; these checks only say which field it was.
  comment: z.optional(z.string().check(z.maxLength(MAX_COMMENT_LENGTH))),
  reasons: z._default(z.array(z.string().check(z.refine(isReasonCode))).check(z.maxLength(10)), []),
  nonce: z.string().check(z.minLength(1), z.maxLength(100)),
  mode: z._default(z.enum(["auto", "deliberate"]), "deliberate"),
  lang: z.optional(z.string()),
});

const MAX_FORM_BYTES = 16 * 1024;

/** The headers every requester page carries: the token sits in the URL, so nothing may leak or be cached. */
function pageHeaders(c: Context<PageEnv>, imgSrc: string) {
  const nonce = randomBytes(16).toString("base64");
  c.set("cspNonce", nonce);
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("X-Robots-Tag", "noindex, nofollow");
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src ${imgSrc}; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
}

/** The page's language: the one asked for in the link or posted by the page's form, else the requester's. */
function localeFor(c: Context, survey?: Survey, posted?: unknown): Locale {
  const lang = c.req.query("lang") ?? posted;
  if (isLocale(lang)) return lang;
  return survey?.requester.locale ?? pickLocale(c.req.header("accept-language"));
}

/** The language a status page's form posted (its hidden `lang` field), if it posted one. */
async function postedLang(c: Context): Promise<unknown> {
  return (await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)).lang;
}

// The friendly page for each status that the central error table gives a link's failure; any other is the error page.
const PAGE_OF_STATUS: Partial<Record<number, "not-found" | "expired" | "busy">> = {
  404: "not-found",
  410: "expired",
  503: "busy",
};

function recordedOf(survey: Survey) {
  const response = survey.response;
  if (!response?.score) return undefined;
  return { score: response.score, comment: response.comment, reasons: response.reasons };
}

/** Reads a form body, whether the page posted it as a form or through fetch. */
async function readForm(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new DomainError("validation", "Send the form as application/x-www-form-urlencoded", {
      fields: ["(body)"],
    });
  }
  const body = await c.req.parseBody({ all: true });
  const reasons = body.reasons;
  return {
    ...body,
    reasons: reasons === undefined ? [] : Array.isArray(reasons) ? reasons : [reasons],
    // Browsers send line breaks as CRLF; count them as the page's counter does.
    comment:
      typeof body.comment === "string" && body.comment.trim() !== ""
        ? body.comment.replace(/\r\n/g, "\n")
        : undefined,
  };
}

/** The requester pages: GET shows and records nothing; POST records what a served page carried. */
export function registerSurveyPages(
  app: Hono,
  deps: { respond: RespondToSurvey; timeZone: string; organisation: Organisation },
) {
  const { respond, timeZone, organisation } = deps;
  // The logo is the one thing a page loads from elsewhere.
  const imgSrc = `'self' data:${organisation.logoUrl ? ` ${new URL(organisation.logoUrl).origin}` : ""}`;
  /** What every status page shows around its message: the organisation, and the same page in the other language. */
  const frame = (c: Context<PageEnv>, locale: Locale, post = false) => ({
    locale,
    cspNonce: c.get("cspNonce"),
    timeZone,
    organisation,
    // Opting out or back in holds when posted again, so their pages switch language by posting once more.
    languageSwitch: { href: `${c.req.path}?lang=${otherLocale(locale)}`, post },
  });
  const pages = app as unknown as Hono<PageEnv>;

  pages.use("/s/*", async (c, next) => {
    pageHeaders(c, imgSrc);
    await next();
  });
  pages.use(
    "/s/*",
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => problem(c, 413, "The form is too large") }),
  );

  /**
   * A link's failure as the central error table maps it (which also logs what no one mapped and sets Retry-After when
   * busy): the problem document for the page's script, else the friendly page of its status in the page's language.
   */
  const failure = (
    c: Context<PageEnv>,
    error: unknown,
    /** The survey if known (its requester's language), the form's posted language, and whether its switch posts. */
    page: { survey?: Survey | undefined; posted?: unknown; post?: boolean } = {},
    json = false,
  ) => {
    const answer = toErrorResponse(error, c);
    if (json) return answer;
    const details = error instanceof DomainError ? error.details : undefined;
    const kind: StatusPageKind = PAGE_OF_STATUS[answer.status] ?? "error";
    // A closed survey's page is in its requester's language and says when it closed.
    const survey = page.survey ?? (details?.survey as Survey | undefined);
    const props = kind === "expired" ? { kind, closedAt: String(details?.expiresAt ?? "") } : { kind };
    return c.html(
      <StatusPage {...frame(c, localeFor(c, survey, page.posted), page.post)} {...props} />,
      answer.status as ContentfulStatusCode,
    );
  };

  /** The survey page for the survey as it now stands, with what this request brings to it. */
  const surveyPage = (
    c: Context<PageEnv>,
    survey: Survey,
    page: Pick<
      SurveyPageProps,
      "locale" | "token" | "formNonce" | "chosenScore" | "draft" | "justSaved" | "followUp" | "error"
    >,
    status: 200 | 400 = 200,
  ) =>
    c.html(
      <SurveyPage
        {...page}
        ticket={{
          id: survey.ticketId,
          title: survey.title,
          service: survey.dimensions.service,
          agent: survey.dimensions.agent,
        }}
        organisation={organisation}
        recorded={recordedOf(survey)}
        cspNonce={c.get("cspNonce")}
        expiresAt={survey.expiresAt ?? ""}
        timeZone={timeZone}
      />,
      status,
    );

  pages.get("/s/:token", async (c) => {
    const token = c.req.param("token");
    try {
      const view = await respond.open(token);
      const locale = localeFor(c, view.survey);
      const chosen = ScoreParam.safeParse(c.req.query("score"));
      return surveyPage(c, view.survey, {
        locale,
        token,
        chosenScore: chosen.success ? (chosen.data as Score) : undefined,
        formNonce: view.formNonce,
      });
    } catch (error) {
      return failure(c, error);
    }
  });

  pages.post("/s/:token", async (c) => {
    const token = c.req.param("token");
    const wantsJson = (c.req.header("accept") ?? "").includes("application/json");
    const form = await readForm(c).catch(() => ({}) as Record<string, unknown>);
    let view: RatingView;
    try {
      view = await respond.ratingViewFor(token);
    } catch (error) {
      return failure(c, error, { posted: form.lang }, wantsJson);
    }
    const { survey, tokenHash } = view;
    const locale = localeFor(c, survey, form.lang);
    const parsed = RatingForm.safeParse(form);
    const rerender = (
      status: 200 | 400,
      options: {
        error?: { field: string };
        justSaved?: boolean;
        followUp?: boolean;
        current?: Survey;
        nonce?: string;
      } = {},
    ) =>
      surveyPage(
        c,
        options.current ?? survey,
        {
          locale,
          token,
          chosenScore: parsed.success ? (parsed.data.score as Score) : undefined,
          draft: parsed.success ? { comment: parsed.data.comment, reasons: parsed.data.reasons } : undefined,
          formNonce: options.nonce ?? respond.issueNonce(tokenHash),
          justSaved: options.justSaved,
          followUp: options.followUp,
          error: options.error,
        },
        status,
      );
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (wantsJson)
        return problem(c, 400, `Invalid form: ${errors.map((e) => e.field).join(", ")}`, { errors });
      return rerender(400, { error: errors[0] });
    }
    try {
      const result = await respond.rate(token, { ...parsed.data, score: parsed.data.score as Score }, view);
      const score = result.survey.response?.score ?? null;
      const ok = result.outcome === "recorded" || result.outcome === "already-recorded";
      const followUp = ok && result.followUp;
      if (wantsJson)
        return c.json({
          ok,
          outcome: result.outcome,
          score,
          nextNonce: result.nextNonce,
          followUp,
        } satisfies RatingAnswer);
      return rerender(200, {
        justSaved: ok,
        followUp,
        current: result.survey,
        nonce: result.nextNonce,
      });
    } catch (error) {
      // A refusal of what was posted (an expired page, a rule of the rating) shows the form again, keeping the input.
      if (error instanceof DomainError && statusOfDomainError(error) === 400 && !wantsJson) {
        const field = (error.details?.fields as string[] | undefined)?.[0] ?? "(body)";
        return rerender(400, { error: { field } });
      }
      return failure(c, error, { survey, posted: form.lang }, wantsJson);
    }
  });

  pages.get("/s/:token/opt-out", async (c) => {
    const token = c.req.param("token");
    try {
      const { survey, tokenHash } = await respond.surveyForToken(token).catch((error: unknown) => {
        // An expired survey's link still unsubscribes.
        if (error instanceof DomainError && error.code === "survey-expired") {
          return { survey: error.details?.survey as Survey, tokenHash: "" };
        }
        throw error;
      });
      return c.html(
        <StatusPage
          {...frame(c, localeFor(c, survey))}
          kind="opt-out-confirm"
          token={token}
          formNonce={respond.issueNonce(tokenHash)}
        />,
      );
    } catch (error) {
      return failure(c, error);
    }
  });

  pages.post("/s/:token/opt-out", async (c) => {
    const posted = await postedLang(c);
    try {
      const token = c.req.param("token");
      const survey = await respond.optOut(token);
      // The same link can undo it: the page offers to subscribe again.
      return c.html(
        <StatusPage {...frame(c, localeFor(c, survey, posted), true)} kind="opted-out" token={token} />,
      );
    } catch (error) {
      return failure(c, error, { posted, post: true });
    }
  });

  pages.post("/s/:token/opt-in", async (c) => {
    const posted = await postedLang(c);
    try {
      const survey = await respond.optIn(c.req.param("token"));
      return c.html(<StatusPage {...frame(c, localeFor(c, survey, posted), true)} kind="resubscribed" />);
    } catch (error) {
      return failure(c, error, { posted, post: true });
    }
  });
}
