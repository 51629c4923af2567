import { assertInteger, assertPositiveInteger, describeValue } from '@aug/internal';

/**
 * Sums `n` running totals, as d2l's `Accumulator`: `add` adds one value to each slot, `get(i)`
 * reads slot `i`, `reset` zeroes them all. The training loop keeps (loss sum, correct, examples,
 * predictions) in one.
 *
 * @example
 * ```ts
 * const metric = new Accumulator(4);
 * metric.add(12.5, 30, 32, 32); // loss sum, correct, examples, predictions of one batch
 * metric.get(0) / metric.get(2); // mean loss
 * ```
 */
export class Accumulator {
  private values: number[];

  /** @param n - how many totals to keep (a positive integer) */
  constructor(n: number) {
    assertPositiveInteger(n, 'n', { where: 'Accumulator' });
    this.values = new Array<number>(n).fill(0);
  }

  /** How many totals this accumulator keeps. */
  get length(): number {
    return this.values.length;
  }

  /**
   * Adds `args[i]` to total `i`. Pass exactly one number per total.
   * @example `metric.add(loss, correct, x.shape[0], y.size)`
   */
  add(...args: number[]): void {
    if (args.length !== this.values.length) {
      throw new RangeError(
        `Accumulator.add: expected ${this.values.length} values (one per total), got ${args.length}`,
      );
    }
    for (let i = 0; i < args.length; i++) this.values[i]! += args[i]!;
  }

  /**
   * Sets every total back to 0.
   * @example `metric.reset()`
   */
  reset(): void {
    this.values.fill(0);
  }

  /**
   * Total number `i` (d2l's `metric[i]`).
   * @example `metric.get(1) / metric.get(3)` // accuracy
   */
  get(i: number): number {
    assertInteger(i, 'index', { min: 0, max: this.values.length - 1, where: 'Accumulator.get' });
    return this.values[i]!;
  }

  /**
   * A copy of all totals (for checkpoints).
   * @example `const saved = metric.toArray(); metric.set(saved);`
   */
  toArray(): number[] {
    return [...this.values];
  }

  /**
   * Replaces all totals (restoring {@link Accumulator.toArray}'s output).
   * @example `metric.set([0.5, 3, 4, 4])`
   */
  set(values: readonly number[]): void {
    if (values.length !== this.values.length || values.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
      throw new RangeError(
        `Accumulator.set: expected ${this.values.length} numbers, got ${describeValue(values)}`,
      );
    }
    this.values = [...values];
  }
}
