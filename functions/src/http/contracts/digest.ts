import * as z from "zod/mini";
import { staffProblems } from "../contract/problems.js";
import { defineRoute, named } from "../contract/route.js";
import { isSupportedYear } from "./common.js";

// A digest's file name: its month and its format.
const DIGEST_FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(html|csv)$/;

const RecipientsSchema = named(
  z.object({
    recipients: z.array(z.string().check(z.trim(), z.minLength(3), z.maxLength(254))).check(z.maxLength(50)),
  }),
  "DigestRecipients",
);

/** The monthly digest as a page or a CSV file, and who receives it by email. */
export const digestContracts = {
  readDigest: defineRoute({
    operationId: "readDigest",
    method: "get",
    path: "/api/v1/digest/{file}",
    summary: "A month's digest: `/api/v1/digest/2026-11.html` or `/api/v1/digest/2026-11.csv`",
    tags: ["Digest"],
    role: "analyst",
    params: z.object({
      file: z.string().check(
        z.regex(DIGEST_FILE, "a month and a format, e.g. 2026-11.html or 2026-11.csv"),
        z.refine((file) => isSupportedYear(file.slice(0, 4)), "a month in the years 2000 to 2100"),
        z.meta({ example: "2026-11.html" }),
      ),
    }),
    responses: { 200: { description: "The digest", media: ["text/html", "text/csv"] }, ...staffProblems },
  }),
  readDigestRecipients: defineRoute({
    operationId: "readDigestRecipients",
    method: "get",
    path: "/api/v1/settings/digest",
    summary: "Who receives the monthly digest (heads)",
    tags: ["Digest"],
    role: "head",
    responses: { 200: { description: "The recipients", schema: RecipientsSchema }, ...staffProblems },
  }),
  setDigestRecipients: defineRoute({
    operationId: "setDigestRecipients",
    method: "put",
    path: "/api/v1/settings/digest",
    summary: "Set who receives the monthly digest (heads)",
    tags: ["Digest"],
    role: "head",
    body: { schema: RecipientsSchema },
    responses: { 200: { description: "The stored recipients", schema: RecipientsSchema }, ...staffProblems },
  }),
} as const;
