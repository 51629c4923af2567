import * as tf from '@tensorflow/tfjs-core';

/** Numbers to compare: a flat array, a tensor, or a list of those (compared in order, as one sequence). */
export type Values = ArrayLike<number> | tf.Tensor | readonly (ArrayLike<number> | tf.Tensor)[];

function flatten(v: Values, name: string): ArrayLike<number> {
  if (v instanceof tf.Tensor) return v.dataSync() as ArrayLike<number>;
  if (Array.isArray(v) && v.length > 0 && typeof v[0] !== 'number') {
    const parts = (v as readonly (ArrayLike<number> | tf.Tensor)[]).map((p) => flatten(p, name));
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`maxAbsDiff: ${name} must be numbers, a tensor or a list of those, got ${String(v)}`);
  }
  return v as ArrayLike<number>;
}

/**
 * The largest `|a[i] - b[i]|`. Throws when the lengths differ (so a shape bug fails loudly rather than
 * comparing a prefix) and returns `Infinity` when any difference is NaN (so NaN never passes a tolerance).
 * Tensors are read with `dataSync` (not disposed).
 *
 * @example
 * ```ts
 * expect(maxAbsDiff(got.data, want.data)).toBeLessThan(1e-6);
 * ```
 */
export function maxAbsDiff(a: Values, b: Values): number {
  const x = flatten(a, 'a');
  const y = flatten(b, 'b');
  if (x.length !== y.length) throw new Error(`maxAbsDiff: lengths differ: ${x.length} vs ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/**
 * The largest `|v|` (Infinity when any value is NaN).
 *
 * @example
 * ```ts
 * const atol = 1e-5 * maxAbs(want);
 * ```
 */
export function maxAbs(a: Values): number {
  const x = flatten(a, 'a');
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
