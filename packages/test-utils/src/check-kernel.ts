import * as tf from '@tensorflow/tfjs-core';
import { maxAbsDiff } from './max-abs-diff.js';

/** An HWC image as `@aug/transforms` defines it (uint8 0..255 or float32 [0, 1]). */
export interface ImageLike {
  data: Uint8Array | Float32Array;
  height: number;
  width: number;
  channels: number;
}

/** What {@link checkKernel} checks beyond the defaults. */
export interface CheckKernelOptions<I extends ImageLike> {
  /** Name used in failure messages (default `'kernel'`). */
  name?: string;
  /**
   * The output's element type: `'same'` (default) as the input's, or a fixed one for kernels that convert
   * (`toTensor`, `convertImageDtype`).
   */
  dtype?: 'same' | 'uint8' | 'float32';
  /**
   * The batched form of the same operation with the same parameters, on an NHWC tensor: checked to equal
   * the per-image kernel on every image of `batch`, to leave its input alone and to leak no tensor.
   */
  batched?: (x: tf.Tensor4D) => tf.Tensor4D;
  /** Images for the batched check (default `[input]`); all of `input`'s size and element type. */
  batch?: readonly I[];
  /** Largest allowed absolute difference between batched and per-image outputs (default 1e-5; uint8 0.5). */
  tolerance?: number;
}

type KernelOutput = ImageLike | readonly ImageLike[];

function fail(message: string): never {
  throw new Error(message);
}

function dtypeOf(img: ImageLike): 'uint8' | 'float32' {
  return img.data instanceof Uint8Array ? 'uint8' : 'float32';
}

function outputs(out: KernelOutput): readonly ImageLike[] {
  return Array.isArray(out) ? (out as readonly ImageLike[]) : [out as ImageLike];
}

/**
 * The contract every image kernel meets, as torchvision's `check_functional_vs_PIL`-style helpers do:
 *
 * - it does not mutate its input (data and sizes are unchanged, and the output does not share its buffer);
 * - it keeps the element type (or gives `options.dtype`), and the output's data length matches its sizes;
 * - it leaks no tensor (`tf.memory().numTensors` is the same before and after);
 * - with `options.batched`, the batched form applied to the stacked `options.batch` equals the kernel
 *   applied to each image, leaves its input tensor undisposed, and leaks no tensor.
 *
 * Throws an `Error` describing the first broken rule; returns the kernel's output on `input`.
 *
 * @example
 * ```ts
 * checkKernel((img) => F.hflip(img), randomImage(5, 7, 3, 1), {
 *   batched: (x) => tf.reverse(x, 2),
 *   batch: [randomImage(5, 7, 3, 1), randomImage(5, 7, 3, 2)],
 * });
 * ```
 */
export function checkKernel<I extends ImageLike, O extends KernelOutput>(kernel: (img: I) => O, input: I, options: CheckKernelOptions<I> = {}): O {
  const name = options.name ?? 'kernel';
  const before = { data: input.data.slice(), height: input.height, width: input.width, channels: input.channels };
  const tensorsBefore = tf.memory().numTensors;
  const out = kernel(input);
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) fail(`${name} leaked ${leaked} tensor(s)`);
  if (input.height !== before.height || input.width !== before.width || input.channels !== before.channels) {
    fail(`${name} changed its input's sizes from ${before.height}x${before.width}x${before.channels} to ${input.height}x${input.width}x${input.channels}`);
  }
  if (maxAbsDiff(input.data, before.data) !== 0) fail(`${name} mutated its input's data`);
  const wantDtype = !options.dtype || options.dtype === 'same' ? dtypeOf(input) : options.dtype;
  for (const [k, o] of outputs(out).entries()) {
    if (o.data === input.data || (o.data.buffer === input.data.buffer && o.data.length > 0)) fail(`${name} output ${k} shares its input's buffer`);
    if (dtypeOf(o) !== wantDtype) fail(`${name} output ${k} is ${dtypeOf(o)}, expected ${wantDtype}`);
    if (o.data.length !== o.height * o.width * o.channels) {
      fail(`${name} output ${k} has ${o.data.length} values for ${o.height}x${o.width}x${o.channels}`);
    }
  }
  if (options.batched) checkBatched(kernel, input, options, name, wantDtype);
  return out;
}

function checkBatched<I extends ImageLike>(kernel: (img: I) => KernelOutput, input: I, options: CheckKernelOptions<I>, name: string, dtype: 'uint8' | 'float32'): void {
  const images = options.batch ?? [input];
  const { height, width, channels } = images[0]!;
  const size = height * width * channels;
  const flat = new Float32Array(images.length * size);
  images.forEach((im, i) => {
    if (im.height !== height || im.width !== width || im.channels !== channels) fail(`${name}: options.batch images must share one size`);
    flat.set(im.data, i * size);
  });
  const x = tf.tensor4d(flat, [images.length, height, width, channels]);
  try {
    const tensorsBefore = tf.memory().numTensors;
    const y = options.batched!(x);
    try {
      if (x.isDisposed) fail(`${name} batched form disposed its input`);
      if (tf.memory().numTensors !== tensorsBefore + 1) fail(`${name} batched form left ${tf.memory().numTensors - tensorsBefore - 1} extra tensor(s)`);
      if (maxAbsDiff(x.dataSync(), flat) !== 0) fail(`${name} batched form mutated its input`);
      const got = y.dataSync();
      const tol = options.tolerance ?? (dtype === 'uint8' ? 0.5 : 1e-5);
      let offset = 0;
      images.forEach((im, i) => {
        const want = outputs(kernel(im));
        for (const w of want) {
          if (offset + w.data.length > got.length) fail(`${name} batched output has ${got.length} values, fewer than the per-image outputs`);
          const diff = maxAbsDiff(got.subarray(offset, offset + w.data.length), w.data);
          if (!(diff <= tol)) fail(`${name} batched output differs from the per-image output for image ${i} by ${diff} (tolerance ${tol})`);
          offset += w.data.length;
        }
      });
      if (offset !== got.length) fail(`${name} batched output has ${got.length} values, the per-image outputs ${offset}`);
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}
