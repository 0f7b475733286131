/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { raw } from "hono/html";
import { type Locale, otherLocale } from "../../i18n/locale.js";
import { messagesFor } from "../../i18n/messages.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { type Child, Fragment, h } from "./markup.js";
import { PAGE_STYLES } from "./page-styles.js";

/** Who asks the requester, as the configuration names them. */
export interface Organisation {
  name: string;
  /** An https address of the organisation's logo, shown in place of its name, with the name as its text. */
  logoUrl?: string | undefined;
  /** An email address or a web address where a requester can get help. */
  helpContact?: string | undefined;
}

/** Where the same page is in the other language: a link to it, or, for a page that answered a form, that form again. */
export interface LanguageSwitch {
  href: string;
  post?: boolean | undefined;
}

export interface PageLayoutProps {
  locale: Locale;
  title: string;
  cspNonce: string;
  organisation?: Organisation | undefined;
  languageSwitch?: LanguageSwitch | undefined;
  /** An inline script run at the end of the body under the CSP nonce. */
  script?: string | undefined;
  children?: Child;
}

/**
 * The document shell of every requester page: language, viewport, no indexing, inline styles, the organisation and
 * the language switch above one main landmark, and where to get help below it.
 */
export function PageLayout(props: PageLayoutProps) {
  const { locale, title, cspNonce, organisation, languageSwitch, script, children } = props;
  const m = messagesFor(locale).page;
  const other = otherLocale(locale);
  const otherName = messagesFor(other).page.languageName;
  const help = organisation?.helpContact;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={locale} dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <meta name="referrer" content="no-referrer" />
          <meta name="color-scheme" content="light dark" />
          <title>{title}</title>
          <style nonce={cspNonce} dangerouslySetInnerHTML={{ __html: PAGE_STYLES }} />
        </head>
        <body>
          {organisation || languageSwitch ? (
            <header class="top">
              {organisation ? (
                <p class="org">
                  {organisation.logoUrl ? (
                    <img src={organisation.logoUrl} alt={organisation.name} />
                  ) : (
                    organisation.name
                  )}
                </p>
              ) : null}
              {languageSwitch ? (
                <nav aria-label={m.languageNav}>
                  {languageSwitch.post ? (
                    <form method="post" action={languageSwitch.href}>
                      <button type="submit" id="language-switch" class="lang" lang={other}>
                        {otherName}
                      </button>
                    </form>
                  ) : (
                    <a
                      id="language-switch"
                      class="lang"
                      href={languageSwitch.href}
                      hreflang={other}
                      lang={other}
                    >
                      {otherName}
                    </a>
                  )}
                </nav>
              ) : null}
            </header>
          ) : null}
          <main id="main">{children}</main>
          {help ? (
            <footer class="help">
              <p>
                {m.help} <a href={/^https?:/.test(help) ? help : `mailto:${help}`}>{help}</a>
              </p>
            </footer>
          ) : null}
          {script ? <script nonce={cspNonce} dangerouslySetInnerHTML={{ __html: script }} /> : null}
        </body>
      </html>
    </>
  );
}
