/** A source of uniform numbers in [0, 1): `@aug/transforms`' `Rng` fits. */
export interface UniformSource {
  next(): number;
}

/**
 * Shuffles `array` in place with Fisher-Yates (Durstenfeld), drawing `j = floor(rng.next() * (i + 1))` for
 * `i` from the last index down to 1, and returns it. Every permutation is equally likely (for a uniform
 * `rng`), and the same `rng` state gives the same order.
 *
 * @example
 * ```ts
 * fisherYates([0, 1, 2, 3], createRng(0));
 * ```
 */
export function fisherYates<T extends { length: number; [index: number]: unknown }>(array: T, rng: UniformSource): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/**
 * A uniformly random permutation of `0..n-1` (the distribution of `torch.randperm(n)`) by
 * {@link fisherYates}. Writes into `into` when it has length `n`, otherwise into a new `Int32Array`.
 *
 * @example
 * ```ts
 * const order = permutation(50_000, rng);
 * ```
 */
export function permutation(n: number, rng: UniformSource, into?: Int32Array): Int32Array {
  const out = into && into.length === n ? into : new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return fisherYates(out, rng);
}
