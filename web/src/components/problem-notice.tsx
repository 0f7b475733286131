import { ApiError } from "../api/client.js";
import { useI18n } from "../i18n/i18n.js";

/** Shows why the API refused a change, listing field errors when the problem names them. */
export function ProblemNotice(props: { error: unknown }) {
  const { t } = useI18n();
  const error = props.error;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const fields = Array.isArray(problem?.errors)
    ? (problem.errors as { field?: string; path?: string; message?: string }[])
    : [];
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{t("errorTitle")}</strong>: {error instanceof Error ? error.message : String(error)}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li>
              {field.field ?? field.path}: {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
