import { describeValue } from '@aug/internal';

/**
 * Argument checks shared by the model builders and initialisers. Each error
 * names the function, the argument, the bad value and what to pass instead.
 * (Integer checks and value formatting are `@aug/internal`'s, shared by every package.)
 */

/** Throws if `options` is not a plain object or has a key outside `known` (catches typos). */
export function assertOptions(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${fn}: unknown option ${JSON.stringify(key)}; the options are ${known.map((k) => JSON.stringify(k)).join(', ')}.`,
      );
    }
  }
}
