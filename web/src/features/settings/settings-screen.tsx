import { hasRole, type StaffRole } from "../../api/session.js";
import type { StaffRoute } from "../../api/staff-routes.js";
import type { DigestRecipients, SurveyPolicy } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { LoadedView } from "../../components/status.js";
import { useI18n } from "../../i18n/i18n.js";
import type { Route } from "../../router.js";
import { useSession } from "../../session-context.js";
import { useState } from "../../use-state.js";
import { DigestRecipientsForm } from "./digest-recipients-form.js";
import { DigestView } from "./digest-view.js";
import { SurveyPolicyForm } from "./survey-policy-form.js";

// Each part shows for the roles its route's contract admits; a contract that changes its role stops compiling here.
const READ_POLICY: StaffRoute<"get", "/api/v1/settings/survey-policy">["role"] = "analyst";
const EDIT_POLICY: StaffRoute<"put", "/api/v1/settings/survey-policy">["role"] = "head";
const READ_RECIPIENTS: StaffRoute<"get", "/api/v1/settings/digest">["role"] = "head";
const EDIT_RECIPIENTS: StaffRoute<"put", "/api/v1/settings/digest">["role"] = "head";
const READ_DIGEST: StaffRoute<"get", "/api/v1/digest/{file}">["role"] = "analyst";

/** The lowest role that sees anything under Settings: the navigation offers the area from it on. */
export const SETTINGS_ROLE: StaffRole =
  (["analyst", "manager", "head"] as const).find((role) =>
    [READ_POLICY, READ_RECIPIENTS, READ_DIGEST].some((needed) => needed === role),
  ) ?? "head";

/** Settings: the survey policy, who receives the monthly digest, and the digest of any month. */
export function SettingsScreen(props: { route: Route }) {
  const { t } = useI18n();
  const session = useSession();
  const policy = useApi("/api/v1/settings/survey-policy", hasRole(session, READ_POLICY) ? {} : null);
  const recipients = useApi("/api/v1/settings/digest", hasRole(session, READ_RECIPIENTS) ? {} : null);
  // What a save answers is what is now in force, so it replaces the loaded value without another read.
  const [savedPolicy, setSavedPolicy] = useState<SurveyPolicy | null>(null);
  const [savedRecipients, setSavedRecipients] = useState<DigestRecipients | null>(null);

  return (
    <>
      <h1 tabIndex={-1}>{t("settingsTitle")}</h1>
      <p class="intro">{t("settingsIntro")}</p>
      {hasRole(session, READ_POLICY) && (
        <section class="panel" aria-labelledby="policy-title">
          <h2 id="policy-title">{t("policyTitle")}</h2>
          <p class="intro">{t("policyIntro")}</p>
          <LoadedView state={policy}>
            {(loaded) => (
              <SurveyPolicyForm
                policy={savedPolicy ?? loaded}
                editable={hasRole(session, EDIT_POLICY)}
                onSaved={setSavedPolicy}
              />
            )}
          </LoadedView>
        </section>
      )}
      {hasRole(session, READ_RECIPIENTS) && (
        <section class="panel" aria-labelledby="recipients-title">
          <h2 id="recipients-title">{t("recipientsTitle")}</h2>
          <LoadedView state={recipients}>
            {(loaded) =>
              hasRole(session, EDIT_RECIPIENTS) ? (
                <DigestRecipientsForm recipients={savedRecipients ?? loaded} onSaved={setSavedRecipients} />
              ) : (
                <ul>
                  {loaded.recipients.map((address) => (
                    <li>{address}</li>
                  ))}
                </ul>
              )
            }
          </LoadedView>
        </section>
      )}
      {hasRole(session, READ_DIGEST) && (
        <section class="panel" aria-labelledby="digest-title">
          <h2 id="digest-title">{t("digestTitle")}</h2>
          <p class="intro">{t("digestIntro")}</p>
          <DigestView month={props.route.params.get("month")} />
        </section>
      )}
    </>
  );
}
