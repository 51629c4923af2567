/**
 * Compares two strings by Unicode code point, as Python's `sorted` orders `str` (and as UTF-8 bytes sort):
 * `'Zebra' < 'apple'`, and astral characters after U+E000..U+FFFF (JavaScript's default sort compares UTF-16
 * code units, which differs there).
 *
 * @example
 * ```ts
 * ['apple', 'Zebra'].sort(compareCodePoints); // ['Zebra', 'apple']
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const ra = a.length - i;
  const rb = b.length - j;
  return ra === rb ? 0 : ra < rb ? -1 : 1;
}
