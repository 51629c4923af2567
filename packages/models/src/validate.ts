/**
 * Argument checks shared by the model builders and initialisers. Each error
 * names the function, the argument, the bad value and what to pass instead.
 */

/** Formats a value for an error message without throwing on odd inputs. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a ${typeof value}`;
}

/** Throws unless `value` is a whole number >= `min`. */
export function assertInteger(fn: string, arg: string, value: unknown, min: number, hint: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${arg} must be a number, got ${describeValue(value)}; ${hint}.`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    const what = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new RangeError(`${fn}: ${arg} must be ${what}, got ${describeValue(value)}; ${hint}.`);
  }
  return value;
}

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
