import { ApiError } from "../api/client.js";
import { useI18n } from "../i18n/i18n.js";

/** Shows why the API refused a change, listing field errors when the problem names them. */
export function ProblemNotice(props: { error: unknown }) {
  const { t } = useI18n();
  const error = props.error;
  // Checked still: a gateway in front of the API may answer JSON of its own.
  const errors = error instanceof ApiError ? error.problem.errors : undefined;
  const fields = Array.isArray(errors) ? errors : [];
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{t("errorTitle")}</strong>: {error instanceof Error ? error.message : String(error)}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li>
              {field.field}: {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
