/**
 * The requester pages' JSX factory: elements and components rendered straight to an HTML string. Hono's JSX runtime
 * also carries what a client renderer and React 19's APIs need (contexts, hoisting into the head, form actions), 10 kB
 * of the public function that these server-rendered pages never use. This writes the pages exactly as Hono's JSX did:
 * Hono's own escaping, void elements closed with `/>`, boolean attributes bare or left out, null and undefined left
 * out, `dangerouslySetInnerHTML` as given; it refuses what it does not render (style objects, event handlers). A file
 * opts in with the `@jsxRuntime classic` and `@jsx h` pragmas; the result is Hono's escaped string, which `c.html()` and
 * Hono's JSX take as it is.
 */
import type { JSX as HonoJSX } from "hono/jsx";
import { escapeToBuffer, type HtmlEscapedString, raw } from "hono/utils/html";

/** What a page may put between tags: text (escaped), numbers, rendered markup, nothing, or lists of these. */
export type Child = string | number | boolean | null | undefined | HtmlEscapedString | readonly Child[];

// The elements that have no closing tag, and the attributes that are present or absent rather than valued: Hono's.
// Literal lists, so that a bundle importing only a page's constants drops this module whole.
const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
const BOOLEAN_ATTRIBUTES = new Set([
  "allowfullscreen",
  "async",
  "autofocus",
  "autoplay",
  "checked",
  "controls",
  "default",
  "defer",
  "disabled",
  "download",
  "formnovalidate",
  "hidden",
  "inert",
  "ismap",
  "itemscope",
  "loop",
  "multiple",
  "muted",
  "nomodule",
  "novalidate",
  "open",
  "playsinline",
  "readonly",
  "required",
  "reversed",
  "selected",
  "shadowrootclonable",
  "shadowrootdelegatesfocus",
  "shadowrootserializable",
]);

// React's spellings that Hono's JSX also writes as HTML's.
const HTML_NAMES = new Map([
  ["className", "class"],
  ["htmlFor", "for"],
  ["crossOrigin", "crossorigin"],
  ["httpEquiv", "http-equiv"],
  ["itemProp", "itemprop"],
  ["fetchPriority", "fetchpriority"],
  ["noModule", "nomodule"],
  ["formAction", "formaction"],
]);

function isEscaped(value: unknown): value is HtmlEscapedString {
  return value instanceof String && (value as HtmlEscapedString).isEscaped === true;
}

function childrenToBuffer(children: readonly Child[], buffer: [string]): void {
  for (const child of children) {
    if (child === null || child === undefined || typeof child === "boolean") continue;
    if (typeof child === "string") escapeToBuffer(child, buffer);
    else if (typeof child === "number" || isEscaped(child)) buffer[0] += child;
    else childrenToBuffer(child as readonly Child[], buffer);
  }
}

// Not attributes: React's element props, and the element's place in the source that a development build adds.
const NOT_ATTRIBUTES = new Set(["key", "ref", "children", "__source", "__self"]);

function attributeToBuffer(key: string, value: unknown, buffer: [string]): void {
  if (value === null || value === undefined || NOT_ATTRIBUTES.has(key)) return;
  const name = HTML_NAMES.get(key) ?? key;
  if (typeof value === "boolean" && BOOLEAN_ATTRIBUTES.has(name)) {
    if (value) buffer[0] += ` ${name}=""`;
    return;
  }
  if (typeof value === "object" && !isEscaped(value)) {
    // Hono's JSX would turn a style object into CSS or call a promise's result; these pages have neither.
    throw new Error(`The pages' JSX takes text for attributes; ${name} was given an object`);
  }
  if (typeof value === "function") throw new Error(`The pages' JSX renders no event handlers (${name})`);
  buffer[0] += ` ${name}="`;
  if (typeof value === "string") escapeToBuffer(value, buffer);
  else buffer[0] += String(value);
  buffer[0] += '"';
}

/** The JSX factory of the requester pages: an element, a component or a fragment as escaped HTML. */
export function h<P extends object>(
  tag: string | ((props: P) => HtmlEscapedString),
  props: P | null,
  ...children: Child[]
): HtmlEscapedString {
  if (typeof tag === "function") {
    const given = children.length === 0 ? {} : { children: children.length === 1 ? children[0] : children };
    return tag({ ...props, ...given } as P);
  }
  const buffer: [string] = [`<${tag}`];
  let content: readonly Child[] = children;
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name !== "dangerouslySetInnerHTML") attributeToBuffer(name, value, buffer);
    else if (children.length > 0)
      throw new Error(`<${tag}> takes children or dangerouslySetInnerHTML, not both`);
    else content = [raw((value as { __html: string }).__html)];
  }
  if (VOID_ELEMENTS.has(tag) && content.length === 0) return raw(`${buffer[0]}/>`);
  buffer[0] += ">";
  childrenToBuffer(content, buffer);
  buffer[0] += `</${tag}>`;
  return raw(buffer[0]);
}

/** `<>…</>`: the children, one after another. */
export function Fragment(props: { children?: Child }): HtmlEscapedString {
  const buffer: [string] = [""];
  childrenToBuffer([props.children], buffer);
  return raw(buffer[0]);
}

// The element and attribute types are Hono's, so the pages are checked as they were.
export declare namespace h {
  namespace JSX {
    type Element = HtmlEscapedString;
    interface ElementChildrenAttribute {
      children: Child;
    }
    interface IntrinsicElements extends HonoJSX.IntrinsicElements {}
  }
}
