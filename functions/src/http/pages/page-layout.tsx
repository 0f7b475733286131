/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { raw } from "hono/html";
import type { Locale } from "../../i18n/locale.js";
// biome-ignore lint/correctness/noUnusedImports: this file's JSX compiles to calls of `h`, the pages' own factory.
import { type Child, Fragment, h } from "./markup.js";
import { PAGE_STYLES } from "./page-styles.js";

export interface PageLayoutProps {
  locale: Locale;
  title: string;
  cspNonce: string;
  /** The other language's link, when the page can be shown in it. */
  languageSwitch?: { href: string; locale: Locale; label: string; navLabel: string } | undefined;
  /** An inline script run at the end of the body under the CSP nonce. */
  script?: string | undefined;
  children?: Child;
}

/** The document shell of every requester page: language, viewport, no indexing, inline styles, one main landmark. */
export function PageLayout(props: PageLayoutProps) {
  const { locale, title, cspNonce, languageSwitch, script, children } = props;
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
          {languageSwitch ? (
            <header class="top">
              <nav aria-label={languageSwitch.navLabel}>
                <a
                  id="language-switch"
                  class="lang"
                  href={languageSwitch.href}
                  hreflang={languageSwitch.locale}
                  lang={languageSwitch.locale}
                >
                  {languageSwitch.label}
                </a>
              </nav>
            </header>
          ) : null}
          <main id="main">{children}</main>
          {script ? <script nonce={cspNonce} dangerouslySetInnerHTML={{ __html: script }} /> : null}
        </body>
      </html>
    </>
  );
}
