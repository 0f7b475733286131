import type { Child } from "hono/jsx/dom";
import { useI18n } from "../i18n/i18n.js";

/** A screen's filter bar: its fields, then "Apply", which hands over the named fields' values as strings. */
export function FilterForm(props: {
  fields: readonly string[];
  onApply: (values: Record<string, string>) => void;
  children: Child;
}) {
  const { t } = useI18n();
  return (
    <form
      class="filters"
      aria-label={t("filters")}
      onSubmit={(event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        props.onApply(Object.fromEntries(props.fields.map((name) => [name, String(data.get(name) ?? "")])));
      }}
    >
      {props.children}
      <button type="submit" class="button button-primary">
        {t("apply")}
      </button>
    </form>
  );
}

/** The service filter: every known service, or all of them when left empty. */
export function ServiceSelect(props: { services: readonly string[]; selected: string }) {
  const { t } = useI18n();
  return (
    <label>
      {t("service")}
      <select name="service">
        <option value="">{t("allServices")}</option>
        {props.services.map((service) => (
          <option value={service} selected={service === props.selected}>
            {service}
          </option>
        ))}
      </select>
    </label>
  );
}
