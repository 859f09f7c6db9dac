const MAX_NAME_LENGTH = 63;

/**
 * Turns free text into a valid entity name: letters, digits and single
 * dashes, at most 63 characters, starting and ending with a letter or digit.
 */
export function sanitizeEntityName(text: string, fallback: string): string {
  const name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/g, '');
  return name || fallback;
}

/** A short, stable suffix from a Notion or Azure id. */
function idSuffix(id: string): string {
  const compact = id.toLowerCase().replace(/[^a-z0-9]/g, '');
  return compact.slice(-8) || 'x';
}

/**
 * Gives each item a unique entity name. Items are ordered by id, the first
 * keeps the plain name and later ones get an id suffix, so the outcome does
 * not depend on the order rows were read in.
 */
export function assignEntityNames<T>(
  items: T[],
  idOf: (item: T) => string,
  textOf: (item: T) => string,
): Map<string, string> {
  const sorted = [...items].sort((a, b) => idOf(a).localeCompare(idOf(b)));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const item of sorted) {
    const id = idOf(item);
    const base = sanitizeEntityName(textOf(item), `item-${idSuffix(id)}`);
    let name = base;
    if (taken.has(name)) {
      const suffix = `-${idSuffix(id)}`;
      name = `${base
        .slice(0, MAX_NAME_LENGTH - suffix.length)
        .replace(/-+$/, '')}${suffix}`;
    }
    for (let n = 2; taken.has(name); n++) {
      const suffix = `-${idSuffix(id)}-${n}`;
      name = `${base
        .slice(0, MAX_NAME_LENGTH - suffix.length)
        .replace(/-+$/, '')}${suffix}`;
    }
    taken.add(name);
    names.set(id, name);
  }
  return names;
}
