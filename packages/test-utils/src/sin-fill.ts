/**
 * `n` deterministic, sign-varying test values without a generator: value `i` is
 * `map(sin(seed * 12.9898 + i * 78.233), i)` (in double precision, then stored as float32). Kernel tests use it
 * where they want smooth, reproducible inputs with no draw order to keep (the values of a seeded generator
 * change when a draw is added; these never do). The `map` shapes the values for a test (scale, per-channel
 * offsets, exact zeros).
 *
 * @example
 * ```ts
 * const x = tf.tensor(sinFill(2 * 3, 1, (s, i) => s * 1.7 + (i % 3)), [2, 3]);
 * ```
 */
export function sinFill(n: number, seed: number, map: (s: number, i: number) => number = (s) => s): Float32Array {
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = map(Math.sin(seed * 12.9898 + i * 78.233), i);
  return data;
}
