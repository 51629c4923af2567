import type { Rng } from '../rng.js';

/** An Rng that records every value it hands out from `source`. */
export interface RecordingRng extends Rng {
  readonly values: number[];
}

/**
 * Wraps `source` so that the draws can be replayed ({@link replayRng}): how a transform that draws inside its
 * image path gives several images of one sample the same parameters.
 *
 * @example
 * ```ts
 * const rec = recordingRng(rng);
 * const a = t.apply(img1, rec);
 * const b = t.apply(img2, replayRng(rec.values, rng)); // the same draws
 * ```
 */
export function recordingRng(source: Rng): RecordingRng {
  const values: number[] = [];
  return {
    values,
    next(): number {
      const v = source.next();
      values.push(v);
      return v;
    },
  };
}

/**
 * Hands out `values` in order, then (should a transform draw more for a later image) continues from `source`.
 * @example `t.apply(img2, replayRng(rec.values, rng))`
 */
export function replayRng(values: readonly number[], source: Rng): Rng {
  let i = 0;
  return { next: () => (i < values.length ? values[i++]! : source.next()) };
}
