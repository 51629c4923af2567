// The public types that several published packages share, declared once. A package re-exports them
// (`export type { Batch } from '@aug/internal/types'`), and its build copies the declarations into its own
// d.ts (tsup.shared.mjs: `dts.resolve` for this entry only), so a published package never imports
// @aug/internal. The copies are structurally identical, so a value typed by one package fits the others.
// Declare every type in this file itself (a relative re-export would dangle in the copied declarations),
// and keep the file at the package root: the declaration bundler resolves `@aug/internal/types` as a path
// (types.ts beside package.json), not through the exports map.
import type * as tf from '@tensorflow/tfjs-core';

/**
 * One batch of a classification loader: `x` NHWC float32 images (torch's NCHW `[B, C, H, W]` is
 * `[B, H, W, C]` in tfjs) and `y` labels: int32 class indices `[B]`, or soft labels `[B, classes]`
 * (probabilities, as MixUp/CutMix make). `Batch<tf.Tensor1D>` is a batch of class indices only.
 * Whoever receives a batch disposes it.
 *
 * @example
 * ```ts
 * for await (const { x, y } of loader) { step(x, y); tf.dispose([x, y]); }
 * ```
 */
export interface Batch<Y extends tf.Tensor1D | tf.Tensor2D = tf.Tensor1D | tf.Tensor2D> {
  x: tf.Tensor4D;
  y: Y;
}

/**
 * Where a package writes text for a person: `process.stdout` / `process.stderr`, or anything with `write`
 * (tests pass a recorder). The optional fields describe a terminal; each writer reads them at every redraw,
 * so a resized terminal is followed.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream: TerminalStream = { write: (s) => lines.push(s), isTTY: false };
 * ```
 */
export interface TerminalStream {
  write(chunk: string): unknown;
  /** True on a terminal: bars and charts are drawn in place; otherwise plain lines. */
  isTTY?: boolean;
  /** Terminal width in characters, when known (default 80). */
  columns?: number;
  /** Terminal height in rows, when known. */
  rows?: number;
}
