import { describeValue } from './describe-value.js';

/** Where an integer must lie and what to say when it does not. */
export interface IntegerCheck {
  /** Smallest allowed value (inclusive); no lower bound when omitted. */
  min?: number;
  /** Largest allowed value (inclusive); no upper bound when omitted. */
  max?: number;
  /** Prefix naming the function, e.g. `'DataLoader'` gives `DataLoader: batchSize must be ...`. */
  where?: string;
  /** What to do instead, appended after `; ` (e.g. `'pass the number of classes'`). */
  hint?: string;
}

function requirement(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `an integer in [${min}, ${max}]`;
  if (min === 1) return 'a positive integer';
  if (min !== undefined) return `an integer >= ${min}`;
  if (max !== undefined) return `an integer <= ${max}`;
  return 'an integer';
}

/**
 * Returns `value` when it is a safe integer within `[min, max]`; otherwise throws, naming the argument,
 * the value and the requirement: a `TypeError` when `value` is not a number, a `RangeError` when it is a
 * number that is not an integer or lies outside the bounds (NaN included).
 *
 * @example
 * ```ts
 * assertInteger(0, 'batchSize', { min: 1, where: 'DataLoader' });
 * // RangeError: DataLoader: batchSize must be a positive integer, got 0
 * ```
 */
export function assertInteger(value: unknown, name: string, check: IntegerCheck = {}): number {
  const { min, max, where, hint } = check;
  const what = requirement(min, max);
  const message = (): string => `${where ? `${where}: ` : ''}${name} must be ${what}, got ${describeValue(value)}${hint ? `; ${hint}` : ''}`;
  if (typeof value !== 'number') throw new TypeError(message());
  if (!Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new RangeError(message());
  }
  return value;
}

/**
 * {@link assertInteger} with `min: 1`: returns a positive safe integer or throws.
 *
 * @example
 * ```ts
 * assertPositiveInteger(width, 'width', { where: 'resnet18' });
 * ```
 */
export function assertPositiveInteger(value: unknown, name: string, check: Omit<IntegerCheck, 'min'> = {}): number {
  return assertInteger(value, name, { ...check, min: 1 });
}
