/**
 * How many values one block of rows spans in the per-channel passes over a channels-last activation
 * (BatchNorm, per-channel sums): each pass walks a block one channel at a time, a stride of `channels` through
 * data that stays in the L1 cache, with the channel's running sum or coefficients in locals instead of
 * typed-array slots. 1.5-2x the row-by-row loops at 8-256 channels (README, onnxruntime route).
 */
export const BLOCK_VALUES = 2048;

/**
 * The rows of one block for rows of `channels` values: at least one row, about {@link BLOCK_VALUES} values.
 * @example `for (let r0 = 0; r0 < rows; r0 += blockRows(channels)) ...`
 */
export function blockRows(channels: number): number {
  return Math.max(1, Math.floor(BLOCK_VALUES / channels));
}
