import { useI18n } from "../i18n/i18n.js";

/**
 * Previous and next buttons over a cursor-paged list. `cursors` holds the cursors of the pages before this one,
 * so "previous" needs no server support: it drops the last cursor, "next" appends the page's `nextCursor`.
 */
export function Pager(props: {
  cursors: string[];
  nextCursor: string | null;
  onChange: (cursors: string[]) => void;
}) {
  const { t } = useI18n();
  const { cursors, nextCursor, onChange } = props;
  return (
    <div class="pager">
      <button
        type="button"
        class="button"
        disabled={cursors.length === 0}
        onClick={() => onChange(cursors.slice(0, -1))}
      >
        {t("previousPage")}
      </button>
      <button
        type="button"
        class="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && onChange([...cursors, nextCursor])}
      >
        {t("nextPage")}
      </button>
    </div>
  );
}
