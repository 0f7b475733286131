import { raw } from "hono/html";
import { describe, expect, it } from "vitest";
import { type Child, Fragment, h } from "../../../functions/src/http/pages/markup.js";

// This file's own JSX is Hono's, so each case sets the pages' factory against what Hono's JSX writes.
const Card = (props: { title: string; children?: Child }) =>
  h("section", { class: "card" }, h("h2", null, props.title), props.children);
const HonoCard = (props: { title: string; children?: unknown }) => (
  <section class="card">
    <h2>{props.title}</h2>
    {props.children}
  </section>
);

describe("The pages' JSX factory", () => {
  const nasty = `a<b>&"c'\n`;

  it.each([
    ["escapes text and attribute values", h("p", { title: nasty }, nasty), <p title={nasty}>{nasty}</p>],
    [
      "closes void elements with a slash and writes boolean attributes bare or not at all",
      h(
        "div",
        null,
        h("input", { type: "radio", checked: true, required: false, value: 3 }),
        h("meta", { charset: "utf-8" }),
        h("p", { hidden: true }),
      ),
      <div>
        <input type="radio" checked={true} required={false} value={3} />
        <meta charset="utf-8" />
        <p hidden={true} />
      </div>,
    ],
    [
      "leaves out null and undefined attributes and children, and writes other booleans as text",
      h("p", { id: undefined, class: null, "aria-hidden": true }, null, undefined, false, 0, "x"),
      <p id={undefined} aria-hidden={true}>
        {null}
        {undefined}
        {false}
        {0}x
      </p>,
    ],
    [
      "writes dangerouslySetInnerHTML and raw markup as they are",
      h("style", { nonce: "n", dangerouslySetInnerHTML: { __html: "a > b {}" } }),
      <style nonce="n" dangerouslySetInnerHTML={{ __html: "a > b {}" }} />,
    ],
    [
      "renders components, lists and fragments in order",
      h(
        Fragment,
        null,
        raw("<!DOCTYPE html>"),
        h(
          Card,
          { title: "T" },
          [1, 2].map((n) => h("i", null, n)),
        ),
      ),
      <>
        {raw("<!DOCTYPE html>")}
        <HonoCard title="T">
          {[1, 2].map((n) => (
            <i>{n}</i>
          ))}
        </HonoCard>
      </>,
    ],
    [
      "spells React's attribute names as HTML's",
      h("label", { className: "c", htmlFor: "f" }, "Comment"),
      <label className="c" htmlFor="f">
        Comment
      </label>,
    ],
  ])("%s, as Hono's JSX does", (_behaviour, ours, hono) => {
    expect(String(ours)).toBe(String(hono));
  });

  it("gives Hono an escaped string, so a page inside Hono's JSX is not escaped again", () => {
    expect(String(<main>{h("p", null, "<x>")}</main>)).toBe("<main><p>&lt;x&gt;</p></main>");
  });

  it("refuses a style object or an event handler instead of writing nonsense", () => {
    expect(() => h("p", { style: { color: "red" } })).toThrow(/style/);
    expect(() => h("button", { onclick: () => {} })).toThrow(/onclick/);
  });
});
