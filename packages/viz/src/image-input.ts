import { clampByte } from '@aug/internal';
import type { Image } from '@aug/transforms';
import { assertImage } from '@aug/transforms/functional';

/**
 * The part of a TensorFlow.js tensor that @aug/viz reads, so tfjs stays an optional peer: any `tf.Tensor3D`
 * (HWC) or `tf.Tensor4D` (NHWC) fits. float32 values are taken as [0, 1], int32 as 0..255.
 *
 * @example
 * ```ts
 * const t: TensorLike = tf.zeros([8, 32, 32, 3]); // an NHWC batch
 * ```
 */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
}

/**
 * What {@link showImages} accepts: `Image`s (HWC, uint8 0..255 or float [0, 1]), an NHWC tensor
 * (`tf.Tensor4D`), or an array of HWC tensors (`tf.Tensor3D`). tfjs is channels-last, so these are NHWC
 * where d2l's PyTorch tensors are NCHW.
 */
export type ImagesInput = readonly Image[] | TensorLike | readonly TensorLike[];

function isTensorLike(v: unknown): v is TensorLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as TensorLike).shape) &&
    typeof (v as TensorLike).dtype === 'string' &&
    typeof (v as TensorLike).dataSync === 'function'
  );
}

function describe(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (isTensorLike(v)) return `a ${v.dtype} tensor of shape [${v.shape.join(', ')}]`;
  return `an object with keys ${Object.keys(v).slice(0, 5).join(', ')}`;
}

/** Converts one HWC tensor (or one entry of an NHWC tensor) to a uint8 Image. */
function fromValues(values: ArrayLike<number>, offset: number, h: number, w: number, c: number, dtype: string): Image {
  const n = h * w * c;
  const data = new Uint8Array(n);
  const float = dtype === 'float32';
  for (let i = 0; i < n; i++) {
    const v = values[offset + i]!;
    data[i] = clampByte(float ? v * 255 : v); // the shared float -> uint8 rule (NaN -> 0)
  }
  return { data, height: h, width: w, channels: c };
}

function tensorImages(t: TensorLike, name: string): Image[] {
  if (t.dtype !== 'float32' && t.dtype !== 'int32') {
    throw new TypeError(`${name} must be a float32 ([0, 1]) or int32 (0..255) tensor, got dtype ${t.dtype}`);
  }
  const values = t.dataSync();
  if (t.shape.length === 4) {
    const [n, h, w, c] = t.shape as [number, number, number, number];
    return Array.from({ length: n }, (_, i) => fromValues(values, i * h * w * c, h, w, c, t.dtype));
  }
  if (t.shape.length === 3) {
    const [h, w, c] = t.shape as [number, number, number];
    return [fromValues(values, 0, h, w, c, t.dtype)];
  }
  throw new RangeError(`${name} must be an NHWC Tensor4D or an HWC Tensor3D, got shape [${t.shape.join(', ')}]`);
}

/**
 * Turns any {@link ImagesInput} into `Image`s, checking each one. Tensors are read, never disposed:
 * the caller owns them.
 */
export function toImages(images: ImagesInput, name = 'images'): Image[] {
  if (isTensorLike(images)) return tensorImages(images, name);
  if (!Array.isArray(images)) {
    throw new TypeError(`${name} must be an array of Images, an NHWC tensor or an array of HWC tensors, got ${describe(images)}`);
  }
  const out: Image[] = [];
  images.forEach((img: unknown, i: number) => {
    if (isTensorLike(img)) {
      if (img.shape.length !== 3) throw new RangeError(`${name}[${i}] must be an HWC Tensor3D, got shape [${img.shape.join(', ')}]`);
      out.push(...tensorImages(img, `${name}[${i}]`));
    } else {
      assertImage(img as Image, `${name}[${i}]`);
      out.push(img as Image);
    }
  });
  return out;
}

