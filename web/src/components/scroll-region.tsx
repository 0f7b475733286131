import type { Child } from "hono/jsx/dom";

/** A horizontally scrollable wrapper for wide tables that keyboard users can focus and scroll (WCAG 2.1.1). */
export function ScrollRegion(props: { label: string; children: Child }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled (axe scrollable-region-focusable).
    <section class="table-scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
