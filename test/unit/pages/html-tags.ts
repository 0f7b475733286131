/** A start tag found in rendered HTML: its name and attributes (entity-decoded). */
export interface FoundTag {
  name: string;
  attrs: Record<string, string>;
  index: number;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** Decodes the entities our renderers emit, to compare attribute values with what a browser would read. */
export function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Every start tag of a rendered document, skipping the bodies of inline scripts and styles. */
export function startTags(html: string): FoundTag[] {
  const withoutBodies = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/g, "$1$3");
  const tags: FoundTag[] = [];
  for (const match of withoutBodies.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const attr of (match[2] ?? "").matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      attrs[(attr[1] ?? "").toLowerCase()] = decodeEntities(attr[2] ?? "");
    }
    tags.push({ name: (match[1] ?? "").toLowerCase(), attrs, index: match.index ?? 0 });
  }
  return tags;
}

/** The start tags with the given name. */
export function tagsNamed(html: string, name: string): FoundTag[] {
  return startTags(html).filter((tag) => tag.name === name);
}

/** The text inside the first element with this id, tags stripped and entities decoded. */
export function textOfId(html: string, id: string): string | undefined {
  const match = new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? decodeEntities((match[2] ?? "").replace(/<[^>]*>/g, "")) : undefined;
}
