import type { BuildMonthlyDigest } from "../../app/digest/build-monthly-digest.js";
import { renderDigestCsv } from "../../app/digest/render-digest-csv.js";
import { renderDigestHtml } from "../../app/digest/render-digest-html.js";
import type { MonthlyDigestMail } from "../../app/digest/send-monthly-digest.js";
import type { Handlers } from "../contract/mount.js";
import type { digestContracts } from "../contracts/digest.js";

// The digest is also an email, so its styles are inline attributes; it runs no script and loads nothing.
const DIGEST_HTML_HEADERS = {
  "content-type": "text/html; charset=UTF-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

/** The monthly digest as HTML or CSV, and who receives it by email. */
export function digestHandlers(deps: {
  buildDigest: BuildMonthlyDigest;
  digestMail: MonthlyDigestMail;
  organisationName: string;
}): Handlers<typeof digestContracts> {
  return {
    readDigest: async ({ params }) => {
      // The contract admits only `yyyy-mm.html` and `yyyy-mm.csv`.
      const month = params.file.slice(0, 7);
      const digest = await deps.buildDigest(month);
      if (params.file.endsWith(".csv")) {
        return {
          status: 200,
          text: renderDigestCsv(digest),
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="pulse-digest-${month}.csv"`,
            "x-content-type-options": "nosniff",
          },
        };
      }
      return {
        status: 200,
        text: renderDigestHtml(digest, deps.organisationName),
        headers: DIGEST_HTML_HEADERS,
      };
    },
    readDigestRecipients: async () => ({
      status: 200,
      body: { recipients: await deps.digestMail.getRecipients() },
    }),
    setDigestRecipients: async ({ body, user }) => ({
      status: 200,
      body: { recipients: await deps.digestMail.setRecipients(body.recipients, user.name) },
    }),
  };
}
