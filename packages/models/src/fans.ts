/**
 * PyTorch's `_calculate_fan_in_and_fan_out` for tfjs kernel layouts:
 * Conv2D kernels are HWIO `[kh, kw, in, out]`, Dense kernels `[in, out]`.
 * fan_in = in x kernel area, fan_out = out x kernel area.
 *
 * @example
 * ```ts
 * computeFans([3, 3, 64, 128]); // { fanIn: 576, fanOut: 1152 }
 * ```
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new RangeError(`computeFans: a kernel needs at least 2 dimensions, got shape [${shape.join(', ')}].`);
  }
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const fanIn = shape[shape.length - 2]! * receptive;
  const fanOut = shape[shape.length - 1]! * receptive;
  return { fanIn, fanOut };
}
