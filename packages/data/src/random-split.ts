import { createRng } from '@aug/transforms';
import type { Dataset } from './dataset.js';
import { Subset } from './dataset.js';
import { describeValue, permutation } from '@aug/internal';

/**
 * Splits `dataset` into non-overlapping random {@link Subset}s, as `torch.utils.data.random_split`.
 * `lengths` are counts summing to `dataset.length`, or fractions summing to 1 (each gets
 * `floor(n * fraction)`, and the remainder is handed out one by one, round-robin, as PyTorch does).
 * The split depends on `seed` only.
 *
 * @example
 * ```ts
 * const [train, val] = randomSplit(full, [0.9, 0.1], 42);
 * ```
 */
export function randomSplit<D extends Dataset<unknown>>(dataset: D, lengths: readonly number[], seed: number | string): Subset<D>[] {
  const n = dataset.length;
  if (!Array.isArray(lengths) || lengths.length === 0) {
    throw new TypeError(`randomSplit: lengths must be a non-empty array of counts or fractions, got ${describeValue(lengths)}`);
  }
  let counts: number[];
  const sum = lengths.reduce((a, b) => a + b, 0);
  const fractional = lengths.every((l) => l >= 0 && l <= 1) && Math.abs(sum - 1) < 1e-9 && lengths.some((l) => !Number.isInteger(l));
  if (fractional) {
    counts = lengths.map((f) => Math.floor(n * f));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]!++;
  } else {
    if (!lengths.every((l) => Number.isInteger(l) && l >= 0)) {
      throw new RangeError(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got ${describeValue(lengths)}`);
    }
    if (sum !== n) {
      throw new RangeError(`randomSplit: lengths sum to ${sum} but the dataset has ${n} samples; make them sum to ${n} or pass fractions summing to 1`);
    }
    counts = [...lengths];
  }
  const perm = permutation(n, createRng(seed));
  const out: Subset<D>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + c)));
    offset += c;
  }
  return out;
}
