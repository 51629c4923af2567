import { assertPositiveInteger } from '@aug/internal';

/**
 * An image in HWC interleaved layout (height, width, channels), the element type deciding its range:
 * `Uint8Array` holds 0..255 (torchvision's uint8 tensors / PIL images), `Float32Array` holds [0, 1]
 * (torchvision's float tensors after `ToTensor`).
 *
 * torchvision works in CHW; TensorFlow.js is channels-last, so aug keeps HWC everywhere (NHWC for batches).
 */
export interface Image {
  data: Uint8Array | Float32Array;
  height: number;
  width: number;
  channels: number;
}

/**
 * Checks that `img` is a well-formed {@link Image}: positive integer sizes and a data length of
 * `height * width * channels`. Throws a `TypeError`/`RangeError` naming `name` and the bad value.
 *
 * @example
 * ```ts
 * assertImage(img); // throws RangeError: img.data has length 10, expected 32*32*3 = 3072
 * ```
 */
export function assertImage(img: Image, name = 'img'): void {
  if (img === null || typeof img !== 'object') {
    throw new TypeError(`${name} must be an Image { data, height, width, channels }, got ${String(img)}`);
  }
  const kind = (img as { kind?: unknown }).kind;
  if (kind !== undefined) {
    throw new TypeError(`${name} must be an Image, got a target of kind ${JSON.stringify(kind)}: colour kernels take images only (targets go through the geometric kernels: hflip, crop, resize, pad, rotate, affine, ...)`);
  }
  if (!(img.data instanceof Uint8Array) && !(img.data instanceof Float32Array)) {
    throw new TypeError(`${name}.data must be a Uint8Array (0..255) or a Float32Array ([0, 1])`);
  }
  for (const key of ['height', 'width', 'channels'] as const) assertPositiveInteger(img[key], `${name}.${key}`);
  const expected = img.height * img.width * img.channels;
  if (img.data.length !== expected) {
    throw new RangeError(
      `${name}.data has length ${img.data.length}, expected height*width*channels = ${img.height}*${img.width}*${img.channels} = ${expected}`,
    );
  }
}

/** True when the image holds uint8 pixels (0..255). @example `isUint8(img) ? 'uint8' : 'float32'` */
export function isUint8(img: Image): img is Image & { data: Uint8Array } {
  return img.data instanceof Uint8Array;
}
