import type { AuthConfig } from "../../api/auth-config.js";
import { startCognitoSignIn } from "../../api/cognito.js";
import { localSignIn } from "../../api/local-sign-in.js";
import { type Session, type StaffRole, sessionFromToken } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import type { MessageKey } from "../../i18n/messages.js";
import { useState } from "../../use-state.js";

export const ROLE_LABELS: Record<StaffRole, MessageKey> = {
  analyst: "roleAnalyst",
  manager: "roleManager",
  head: "roleHead",
};

/** Sign-in: role buttons and a token field locally, the Cognito Hosted UI on AWS. */
export function SignInScreen(props: {
  config: AuthConfig;
  notice?: string;
  onSignedIn: (session: Session) => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signInAs = async (role: StaffRole) => {
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await localSignIn(role));
    } catch (failure) {
      setError(t("signInFailed", { reason: (failure as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const useToken = (event: Event) => {
    event.preventDefault();
    const token = String(new FormData(event.target as HTMLFormElement).get("token") ?? "");
    const session = sessionFromToken(token, "local");
    if (session) props.onSignedIn(session);
    else setError(t("signInBadToken"));
  };

  return (
    <main id="main" class="sign-in">
      <h1>{t("signInTitle")}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {props.config.mode === "cognito" ? (
        <>
          <p>{t("signInCognitoIntro")}</p>
          <button
            type="button"
            class="button button-primary"
            onClick={() => void startCognitoSignIn(props.config as Extract<AuthConfig, { mode: "cognito" }>)}
          >
            {t("signInCognito")}
          </button>
        </>
      ) : (
        <>
          <p>{t("signInLocalIntro")}</p>
          <div class="role-buttons">
            {(["analyst", "manager", "head"] as const).map((role) => (
              <button
                type="button"
                class="button button-primary"
                disabled={busy}
                onClick={() => void signInAs(role)}
              >
                {t("signInAs", { role: t(ROLE_LABELS[role]) })}
              </button>
            ))}
          </div>
          <form class="token-form" onSubmit={useToken}>
            <h2>{t("signInPasteTitle")}</h2>
            <label for="token">{t("signInToken")}</label>
            <p class="hint" id="token-hint">
              {t("signInPasteHelp")}
            </p>
            <textarea id="token" name="token" rows={3} aria-describedby="token-hint" spellcheck={false} />
            <button type="submit" class="button">
              {t("signInUseToken")}
            </button>
          </form>
        </>
      )}
    </main>
  );
}
