/** A status word in a pill whose colour repeats, never replaces, the word. */
export function Pill(props: { tone: string; children: string }) {
  return <span class={`pill pill-${props.tone}`}>{props.children}</span>;
}
