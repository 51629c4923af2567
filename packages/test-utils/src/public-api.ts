/** The names one entry point documents: runtime values and type-only names. */
export interface ApiEntry {
  values: string[];
  types: string[];
}

const IDENT = /^[A-Za-z_$][\w$]*/;

/**
 * The names a README's `## API` section documents, per entry point. Each bullet `` - `name...` `` documents
 * one export (the identifier at the start of its first backticked token); `` - `Name` (type) `` marks a
 * type-only export. A `### ` heading naming a subpath in backticks (`` `@aug/train/backend` ``) starts that
 * subpath's list (`'./backend'`); bullets before any such heading belong to `'.'`. Names come back sorted.
 *
 * @example
 * ```ts
 * const api = documentedApi(readFileSync('README.md', 'utf8'));
 * expect(Object.keys(await import('../src/index.js')).sort()).toEqual(api.get('.')!.values);
 * ```
 */
export function documentedApi(readme: string): Map<string, ApiEntry> {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^## API\b/.test(l));
  if (start < 0) throw new Error('documentedApi: the README has no "## API" section');
  const out = new Map<string, ApiEntry>([['.', { values: [], types: [] }]]);
  let entry = out.get('.')!;
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break;
    const heading = /^###\s.*`@aug\/[\w-]+\/([\w/-]+)`/.exec(line);
    if (heading) {
      const key = `./${heading[1]}`;
      if (!out.has(key)) out.set(key, { values: [], types: [] });
      entry = out.get(key)!;
      continue;
    }
    const bullet = /^[-*] `([^`]+)`(\s*\(type\))?/.exec(line);
    if (!bullet) continue;
    const name = IDENT.exec(bullet[1]!.replace(/^new\s+/, ''))?.[0];
    if (!name) throw new Error(`documentedApi: no identifier in API bullet: ${line}`);
    (bullet[2] ? entry.types : entry.values).push(name);
  }
  for (const e of out.values()) {
    e.values.sort();
    e.types.sort();
  }
  return out;
}

/**
 * The type-only names an entry file exports: `export type { A, B }`, `export { type C }`, and `export
 * interface` / `export type X =` declared in it. Sorted.
 *
 * @example
 * ```ts
 * expect(exportedTypes(readFileSync('src/index.ts', 'utf8'))).toEqual(api.get('.')!.types);
 * ```
 */
export function exportedTypes(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    const allTypes = Boolean(m[1]);
    for (const raw of m[2]!.split(',')) {
      const item = raw.replace(/\/\/.*$|\/\*.*?\*\//gm, '').trim();
      if (!item) continue;
      const isType = allTypes || /^type\s/.test(item);
      if (!isType) continue;
      const parts = item.replace(/^type\s+/, '').split(/\s+as\s+/);
      names.push(parts[parts.length - 1]!.trim());
    }
  }
  for (const m of source.matchAll(/export\s+(?:declare\s+)?(?:interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.push(m[1]!);
  return [...new Set(names)].sort();
}
