/** `v / 255` as float32 for every byte value `v`: the float pixel that torchvision's `ToTensor` gives. */
export const UINT8_TO_UNIT: Float32Array = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * A value on the 0..255 scale as a byte: rounded to nearest (halves up, as `Math.round`), clamped to
 * 0..255, NaN as 0.
 *
 * @example
 * ```ts
 * clampByte(254.6); // 255
 * ```
 */
export function clampByte(v: number): number {
  return v >= 255 ? 255 : v > 0 ? Math.round(v) : 0;
}

/**
 * The float -> uint8 rule for a float pixel in [0, 1]: `v * 255`, rounded to nearest, clamped to 0..255
 * (NaN as 0), as torchvision's `to_pil_image` and aug's uint8 kernels.
 *
 * @example
 * ```ts
 * toUint8(0.5); // 128
 * ```
 */
export function toUint8(v: number): number {
  return clampByte(v * 255);
}
