/**
 * torchvision's `_compute_resized_output_size`: the `[height, width]` that `Resize(size, { maxSize })` gives
 * an image of `height` x `width`. `size` `[h, w]` is kept; `[s]` makes the shorter edge `s` (the longer one
 * scaled and floored), the longer edge then capped at `maxSize`.
 */
export function computeResizedOutputSize(height: number, width: number, size: number[], maxSize?: number): [number, number] {
  if (size.length === 2) return [size[0]!, size[1]!];
  const [short, long] = width <= height ? [width, height] : [height, width];
  const requested = size[0]!;
  let newShort = requested;
  let newLong = Math.floor((requested * long) / short);
  if (maxSize !== undefined) {
    if (maxSize <= requested) {
      throw new RangeError(`maxSize = ${maxSize} must be strictly greater than the requested size for the smaller edge, ${requested}`);
    }
    if (newLong > maxSize) {
      newShort = Math.floor((maxSize * newShort) / newLong);
      newLong = maxSize;
    }
  }
  return width <= height ? [newLong, newShort] : [newShort, newLong];
}
