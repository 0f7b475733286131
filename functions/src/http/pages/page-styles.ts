/**
 * The requester pages' whole stylesheet, inlined under the CSP nonce so the pages load nothing from elsewhere.
 * Every text colour pair was checked for at least 4.5:1 contrast (the lowest is 6.6:1), in light and dark schemes.
 */
export const PAGE_STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --ink: #1b1b1f; --muted: #4a4a55; --line: #6b6b76; --accent: #0a4fb4; --on-accent: #ffffff;
  --chosen: #e8f0fe; --ok-bg: #e6f4ea; --ok-ink: #0d5b26; --bad-bg: #fdecee; --bad-ink: #8a0017;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15161a; --ink: #ececf1; --muted: #b8b8c4; --line: #8d8d99; --accent: #9cc2ff; --on-accent: #0b1020;
    --chosen: #1f2a44; --ok-bg: #0f2e1a; --ok-ink: #9be7b0; --bad-bg: #3a1117; --bad-ink: #ffb3bd;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.5;
}
.top, main, .help { max-width: 36rem; margin: 0 auto; padding: 0 1rem; }
.top { display: flex; align-items: center; gap: 1rem; padding-top: 0.5rem; }
.top nav { margin-left: auto; }
.org { margin: 0; font-weight: 700; overflow-wrap: anywhere; }
.org img { display: block; height: 2.5rem; width: auto; max-width: 12rem; object-fit: contain; }
main { padding-bottom: 3rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.125rem; line-height: 1.3; margin: 0; }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
.lang {
  display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; padding: 0.5rem 0.75rem;
  font-weight: 600;
}
button.lang { border: 0; background: none; color: var(--accent); font: inherit; font-weight: 600; text-decoration: underline; cursor: pointer; }
.muted { color: var(--muted); }
.ticket { font-weight: 600; overflow-wrap: anywhere; }
fieldset { border: 0; margin: 0 0 1.5rem; padding: 0; min-width: 0; }
legend { padding: 0; margin-bottom: 0.75rem; font-weight: 700; font-size: 1.125rem; }
.choices { display: grid; gap: 0.5rem; }
.choice { position: relative; }
.choice input {
  position: absolute; left: 1rem; top: 50%; width: 1.5rem; height: 1.5rem; margin: -0.75rem 0 0;
  accent-color: var(--accent);
}
.choice label {
  display: flex; align-items: center; min-height: 3.25rem; padding: 0.625rem 1rem 0.625rem 3.25rem;
  border: 2px solid var(--line); border-radius: 0.5rem; cursor: pointer; overflow-wrap: anywhere;
}
.choice.score label { font-weight: 600; min-height: 3.5rem; }
.choice input:checked + label { border-color: var(--accent); background: var(--chosen); box-shadow: inset 0 0 0 1px var(--accent); }
.hint { color: var(--muted); margin: -0.5rem 0 0.75rem; }
.below-label { margin: 0 0 0.5rem; }
label.field-label { display: block; font-weight: 700; font-size: 1.125rem; margin-bottom: 0.25rem; }
textarea {
  display: block; width: 100%; min-height: 8rem; padding: 0.75rem; font: inherit; color: var(--ink);
  background: var(--bg); border: 2px solid var(--line); border-radius: 0.5rem; resize: vertical;
}
textarea[aria-invalid="true"] { border-color: var(--bad-ink); }
.counter { color: var(--muted); margin: 0.25rem 0 1.5rem; font-variant-numeric: tabular-nums; }
.button {
  display: inline-flex; align-items: center; justify-content: center; width: 100%; min-height: 3.25rem;
  padding: 0.75rem 1.5rem; border: 2px solid var(--accent); border-radius: 0.5rem; background: var(--accent);
  color: var(--on-accent); font: inherit; font-weight: 700; cursor: pointer;
}
.notice { padding: 0.75rem 1rem; border-radius: 0.5rem; border-left: 0.375rem solid; margin: 0 0 1rem; }
.notice.ok { background: var(--ok-bg); color: var(--ok-ink); }
.notice.bad { background: var(--bad-bg); color: var(--bad-ink); }
.notice h2 { margin-bottom: 0.25rem; }
.notice a { color: inherit; }
.notice p:last-child { margin-bottom: 0; }
.live:empty { margin: 0; }
.button + .live:not(:empty) { margin: 0.75rem 0 0; color: var(--ok-ink); font-weight: 600; }
.field-error { color: var(--bad-ink); font-weight: 600; margin: 0 0 0.5rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; }
.choice input:focus-visible + label { outline: 3px solid var(--accent); outline-offset: 3px; }
@media (min-width: 40rem) { .button { width: auto; } h1 { font-size: 2rem; } }
@media (prefers-reduced-motion: no-preference) { .choice label, .button { transition: background-color 0.15s, border-color 0.15s; } }
@media (prefers-reduced-motion: reduce) { *, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; } }
@media (forced-colors: active) { .choice input:checked + label { border-width: 4px; } }
`;
