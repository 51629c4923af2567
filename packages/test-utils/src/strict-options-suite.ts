import { expect, it } from 'vitest';
import { exportedTypes } from './public-api.js';

/** A call that passes `options` where one options type is taken; it may return a Promise. */
export type OptionsCaller = (options: Record<string, unknown>) => unknown;

/**
 * The checks every package's options pass (issue 30: a misspelled option must not be dropped): the
 * exported `*Options` types of `indexSource` (a package's `src/index.ts` text) are exactly the keys of
 * `table` (so a new type must be listed), and for each type, each documented key with one letter dropped
 * is a `TypeError` saying `unknown option "<typo>" (did you mean "<key>"?)`, from every caller given for
 * that type, without leaking tensors (`numTensors` reads the backend's count before and after).
 *
 * @example
 * ```ts
 * describeStrictOptions(readFileSync('src/index.ts', 'utf8'), OPTION_KEYS, { TimerOptions: (o) => new Timer(o) });
 * ```
 */
export function describeStrictOptions<K extends string>(
  indexSource: string,
  table: Readonly<Record<K, readonly string[]>>,
  callers: Readonly<Record<K, OptionsCaller | readonly OptionsCaller[]>>,
  numTensors: () => number = () => 0,
): void {
  it('knows every exported options type of the package (a new one must be listed in its key table)', () => {
    const types = exportedTypes(indexSource).filter((t) => t.endsWith('Options'));
    expect(types.sort()).toEqual(Object.keys(table).sort());
  });

  for (const type of Object.keys(table) as K[]) {
    it(`${type}: each documented key with one letter dropped is a TypeError naming it and the key`, async () => {
      const before = numTensors();
      const given = callers[type];
      for (const call of (Array.isArray(given) ? given : [given]) as OptionsCaller[]) {
        for (const key of table[type]) {
          const typo = key.length > 3 ? key.slice(0, -2) + key.slice(-1) : `${key}x`;
          let error: unknown = null;
          try {
            await call({ [typo]: 1 });
          } catch (e) {
            error = e;
          }
          expect(error, `${type}.${typo}`).toBeInstanceOf(TypeError);
          expect((error as Error).message).toContain(`unknown option "${typo}" (did you mean "${key}"?)`);
        }
      }
      expect(numTensors()).toBe(before);
    });
  }
}
