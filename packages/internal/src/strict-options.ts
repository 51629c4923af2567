import { describeValue } from './describe-value.js';

/**
 * The full list of an options type's keys, checked by the compiler: the record must name every key of
 * `T` (a missing one fails to compile) and nothing else (an extra one is an excess property). Pass the
 * result to {@link checkOptions}.
 *
 * @example
 * ```ts
 * interface LoaderOptions { batchSize?: number; shuffle?: boolean }
 * const LOADER_KEYS = optionKeys<LoaderOptions>({ batchSize: true, shuffle: true });
 * ```
 */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/**
 * Rejects an options object that is not a plain object or that carries a key outside `allowed`:
 * a `TypeError` naming `where`, the unknown key and the nearest allowed one (`did you mean "shuffle"?`),
 * so a misspelled option fails loudly instead of being dropped. `undefined` passes (no options).
 * Keys whose value is `undefined` are checked too: a misspelling is a misspelling.
 *
 * @example
 * ```ts
 * checkOptions({ shufle: true }, ['batchSize', 'shuffle'], 'DataLoader');
 * // TypeError: DataLoader: unknown option "shufle" (did you mean "shuffle"?); the options are batchSize, shuffle
 * ```
 */
export function checkOptions(options: unknown, allowed: readonly string[], where: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = nearestKey(key, allowed);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    throw new TypeError(`${where}: unknown option ${JSON.stringify(key)}${hint}; the options are ${allowed.join(', ')}`);
  }
}

/**
 * The allowed key closest to `key`: an exact match ignoring case, `_` and `-` (`num_workers` ->
 * `numWorkers`), else the one within a small edit distance (adjacent swaps count once), else `undefined`.
 *
 * @example
 * ```ts
 * nearestKey('shufle', ['batchSize', 'shuffle']); // 'shuffle'
 * ```
 */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
  const k = norm(key);
  const same = allowed.find((a) => norm(a) === k);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(k.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = editDistance(k, norm(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}
