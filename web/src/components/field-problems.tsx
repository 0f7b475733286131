import { ApiError } from "../api/client.js";
import { useI18n } from "../i18n/i18n.js";

/** What the API said about each field it refused, keyed by the field's top-level name (`recipients.2` → `recipients`). */
export type FieldProblems = ReadonlyMap<string, readonly FieldProblemEntry[]>;

/** One refusal: the field's full path, the message, and its language when it is not the interface's. */
export interface FieldProblemEntry {
  path: string;
  message: string;
  lang?: string;
}

/** The field errors of a 400 problem, grouped by field; empty for any other failure. */
export function fieldProblems(error: unknown): FieldProblems {
  const grouped = new Map<string, FieldProblemEntry[]>();
  // Checked still: a gateway in front of the API may answer JSON of its own.
  const errors = error instanceof ApiError && error.status === 400 ? error.problem.errors : undefined;
  for (const entry of Array.isArray(errors) ? errors : []) {
    const [name = entry.field] = entry.field.split(".");
    grouped.set(name, [
      ...(grouped.get(name) ?? []),
      { path: entry.field, message: entry.message, lang: "en" },
    ]);
  }
  return grouped;
}

/** The id of the message that explains a field's refusal, for the field's `aria-describedby`. */
export function problemId(form: string, field: string): string {
  return `${form}-${field}-problem`;
}

/**
 * What is wrong with one field, under it, after a lead-in in the user's language; the API writes in English, so
 * its words carry `lang="en"` whatever the interface's language.
 */
export function FieldProblem(props: {
  form: string;
  field: string;
  problems: FieldProblems;
  describe?: (path: string) => string;
}) {
  const { t } = useI18n();
  const found = props.problems.get(props.field);
  if (!found) return null;
  return (
    <p class="field-problem" id={problemId(props.form, props.field)}>
      <span>{t("fieldProblem")}</span>{" "}
      {found.map((entry) => (
        <span>
          {props.describe ? `${props.describe(entry.path)}: ` : ""}
          <span lang={entry.lang}>{entry.message}</span>{" "}
        </span>
      ))}
    </p>
  );
}
