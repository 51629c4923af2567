import type { Rng } from '@aug/transforms';

/**
 * A uniformly random permutation of `0..n-1` (Fisher-Yates), drawn from `rng`, as `torch.randperm(n)`.
 *
 * @example
 * ```ts
 * randomPermutation(5, createRng(0)); // Int32Array [3, 0, 4, 1, 2] (some fixed order for seed 0)
 * ```
 */
export function randomPermutation(n: number, rng: Rng, into?: Int32Array): Int32Array {
  const out = into && into.length === n ? into : new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
