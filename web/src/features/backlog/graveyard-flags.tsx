import type { GraveyardFlag } from "../../api/types.js";
import { Pill } from "../../components/status-pill.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";

/** The signs that an initiative is being forgotten, each a warning pill in words; nothing when it carries none. */
export function GraveyardFlags(props: { flags: readonly GraveyardFlag[] }) {
  const { locale } = useI18n();
  if (props.flags.length === 0) return null;
  return (
    <ul class="flags">
      {props.flags.map((flag) => (
        <li key={flag}>
          <Pill tone="warn">{term(locale, flag)}</Pill>
        </li>
      ))}
    </ul>
  );
}
