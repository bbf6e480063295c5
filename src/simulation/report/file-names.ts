/**
 * File names from scenario and standard names, which are free text: a name like
 * "../strike" or "<script>" must not choose where a file goes.
 */

/** Lower-case letters, digits, dots and dashes; anything else becomes a dash. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug === '' ? 'scenario' : slug;
}

/** Slugs for names in order, made distinct by a numeric suffix ("strike", "strike-2"). */
export function distinctSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = fileSlug(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  });
}
