import { useEffect, useMemo, useRef } from "hono/jsx/dom";
import { type AuthConfig, loadAuthConfig } from "./api/auth-config.js";
import { configureApi } from "./api/client.js";
import { cognitoSignOutUrl, completeCognitoSignIn } from "./api/cognito.js";
import { hasRole, type Session, storedSession, storeSession } from "./api/session.js";
import { BacklogScreen } from "./features/backlog/backlog-screen.js";
import { CommentsScreen } from "./features/comments/comments-screen.js";
import { FollowUpsScreen } from "./features/follow-ups/follow-ups-screen.js";
import { InitiativeScreen } from "./features/initiative/initiative-screen.js";
import { OverviewScreen } from "./features/overview/overview-screen.js";
import { SatisfactionScreen } from "./features/satisfaction/satisfaction-screen.js";
import { SETTINGS_ROLE, SettingsScreen } from "./features/settings/settings-screen.js";
import { ROLE_LABELS, SignInScreen } from "./features/sign-in/sign-in-screen.js";
import { I18nContext, initialLocale, LOCALES, type Locale, makeI18n, saveLocale } from "./i18n/i18n.js";
import type { MessageKey } from "./i18n/messages.js";
import { href, type Route, useRoute } from "./router.js";
import { SessionContext } from "./session-context.js";
import { useState } from "./use-state.js";

const NAV: readonly [string, MessageKey][] = [
  ["satisfaction", "navSatisfaction"],
  ["overview", "navOverview"],
  ["backlog", "navBacklog"],
  ["follow-ups", "navFollowUps"],
  ["comments", "navComments"],
  ["settings", "navSettings"],
];

function Screen(props: { route: Route }) {
  const [first, second] = props.route.segments;
  switch (first) {
    case "overview":
      return <OverviewScreen route={props.route} />;
    case "backlog":
      return <BacklogScreen route={props.route} />;
    case "initiatives":
      return second ? <InitiativeScreen id={second} /> : <BacklogScreen route={props.route} />;
    case "follow-ups":
      return <FollowUpsScreen route={props.route} caseId={second ?? null} />;
    case "comments":
      return <CommentsScreen route={props.route} />;
    case "settings":
      return <SettingsScreen route={props.route} />;
    default:
      return <SatisfactionScreen route={props.route} />;
  }
}

/** The staff app: sign-in gate, header with navigation and language, and the current screen. */
export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [session, setSession] = useState<Session | null>(storedSession);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const route = useRoute();
  const firstRender = useRef(true);
  // On a phone the navigation folds behind a menu button, so the header keeps to one short row.
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    loadAuthConfig()
      .then(async (loaded) => {
        if (loaded.mode === "cognito") {
          try {
            const completed = await completeCognitoSignIn(loaded);
            if (completed) signIn(completed);
          } catch (failure) {
            setNotice(i18n.t("signInFailed", { reason: (failure as Error).message }));
          }
        }
        setConfig(loaded);
      })
      .catch(() => setConfig({ mode: "local" }));
  }, []);

  const signIn = (next: Session) => {
    storeSession(next);
    setNotice(undefined);
    setSession(next);
  };
  const signOut = () => {
    storeSession(null);
    setSession(null);
    if (session?.via === "cognito" && config?.mode === "cognito") location.assign(cognitoSignOutUrl(config));
  };
  configureApi(session?.token ?? null, () => {
    storeSession(null);
    setSession(null);
    setNotice(i18n.t("sessionEnded"));
  });

  const routeKey = route.segments.join("/");
  useEffect(() => setMenuOpen(false), [routeKey]);
  useEffect(() => {
    // Moving focus to the new heading tells screen-reader and keyboard users that the screen changed.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [routeKey]);

  const current = route.segments[0] === "initiatives" ? "backlog" : (route.segments[0] ?? "satisfaction");
  const nav = NAV.filter(([path]) => path !== "settings" || hasRole(session, SETTINGS_ROLE));

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        <button
          type="button"
          class="skip-link"
          // A hash link would change the route, so focus moves by script.
          onClick={() => document.getElementById("main")?.focus()}
        >
          {i18n.t("skipToContent")}
        </button>
        <header class="top" data-menu={menuOpen ? "open" : "closed"}>
          <a class="brand" href={href("/satisfaction")}>
            <span aria-hidden="true" class="brand-mark">
              ◉
            </span>{" "}
            Pulse
          </a>
          {session && (
            <button
              type="button"
              class="button button-quiet menu-button"
              aria-expanded={menuOpen ? "true" : "false"}
              aria-controls="main-nav"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              <span aria-hidden="true">☰</span> {i18n.t("menu")}
            </button>
          )}
          {session && (
            <nav aria-label={i18n.t("mainNav")} class="nav" id="main-nav">
              <ul>
                {nav.map(([path, key]) => (
                  <li key={path}>
                    <a
                      href={href(`/${path}`)}
                      aria-current={current === path ? "page" : undefined}
                      // Closed with the click itself, so the menu never outlives the choice of a screen.
                      onClick={() => setMenuOpen(false)}
                    >
                      {i18n.t(key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="top-tools">
            <label class="lang">
              <span class="visually-hidden">{i18n.t("language")}</span>
              <select
                onChange={(event: Event) => {
                  const next = (event.target as HTMLSelectElement).value as Locale;
                  saveLocale(next);
                  // Set before the re-render, so that no moment shows Polish text marked as English to a screen reader.
                  document.documentElement.lang = next;
                  setLocale(next);
                }}
              >
                {LOCALES.map((code) => (
                  <option value={code} selected={code === locale} lang={code}>
                    {code === "pl" ? "Polski" : "English"}
                  </option>
                ))}
              </select>
            </label>
            {session && (
              <>
                <span class="who">
                  {i18n.t("signedInAs", { name: session.name, role: i18n.t(ROLE_LABELS[session.role]) })}
                </span>
                <button type="button" class="button button-quiet top-sign-out" onClick={signOut}>
                  {i18n.t("signOut")}
                </button>
              </>
            )}
          </div>
        </header>
        {config === null ? (
          <main id="main" tabIndex={-1}>
            <p role="status">{i18n.t("loading")}</p>
          </main>
        ) : session ? (
          <main id="main" tabIndex={-1}>
            <Screen route={route} />
          </main>
        ) : (
          <SignInScreen config={config} notice={notice} onSignedIn={signIn} />
        )}
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
