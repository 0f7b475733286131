import { type Child, createElement } from "hono/jsx/dom";
import { ScrollRegion } from "../../components/scroll-region.js";

// The digest is also an email, so it is styled by inline attributes; the app's policy refuses inline styles and
// event handlers, and the browser reports each one it meets even in a parsed page that never runs, so both are
// dropped before the page is parsed and the app's own styles apply.
// Text holds no `<` or `>` unescaped, so every match of TAG is a tag, and an attribute is only ever inside one.
const STYLE_ELEMENT = /<style\b[\s\S]*?<\/style\s*>/gi;
const TAG = /<[a-z][^>]*>/gi;
// An attribute starts after a space, a slash or a closing quote, as the HTML parser reads it (`<img/onerror=…>`).
const INLINE_ATTRIBUTE = /(?<=[\s/"'])(?:style|on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

function withoutInlineAttributes(html: string): string {
  return html.replace(STYLE_ELEMENT, "").replace(TAG, (tag) => tag.replace(INLINE_ATTRIBUTE, ""));
}

// Only text-level and table elements pass, with no attribute but the table's own: nothing that runs, loads or links.
const KEPT = new Set([
  "p",
  "strong",
  "em",
  "q",
  "span",
  "br",
  "small",
  "ul",
  "ol",
  "li",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
]);
const KEPT_ATTRIBUTES = ["scope", "colspan", "rowspan"];
// The digest's own headings sit under the screen's h1, the panel's h2 and the month's h3; its main is a part of the app's.
const RENAMED: Record<string, string> = {
  h1: "h4",
  h2: "h5",
  h3: "h6",
  h4: "h6",
  main: "div",
  section: "div",
};

function rebuild(node: Node): Child {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
  if (!(node instanceof Element)) return null;
  const children = [...node.childNodes].map(rebuild);
  const name = node.localName;
  if (name === "table") {
    const caption = node.querySelector("caption")?.textContent ?? "";
    return <ScrollRegion label={caption}>{createElement("table", {}, ...children)}</ScrollRegion>;
  }
  const tag = RENAMED[name] ?? (KEPT.has(name) ? name : null);
  // Anything else (head, script, link, img, a form) is left out, though its text is kept.
  if (tag === null) return name === "head" || name === "script" || name === "template" ? null : children;
  const attributes: Record<string, string> = {};
  for (const attribute of KEPT_ATTRIBUTES) {
    const value = node.getAttribute(attribute);
    if (value !== null) attributes[attribute] = value;
  }
  return createElement(tag, attributes, ...children);
}

/** The digest page's content, rebuilt as the app's own elements: nothing in it runs, loads or is styled inline. */
export function DigestDocument(props: { html: string }) {
  // A parsed document runs no script and loads nothing; only its kept elements and text reach the screen.
  const page = new DOMParser().parseFromString(withoutInlineAttributes(props.html), "text/html");
  return (
    <div class="digest-document" lang={page.documentElement.lang || "en"}>
      {[...page.body.childNodes].map(rebuild)}
    </div>
  );
}
