/**
 * How many values one block of rows spans in the per-channel passes over a channels-last activation (the
 * per-channel sums, inference BatchNorm): each pass walks a block one channel at a time, a stride of `channels`
 * through data that stays in the L1 cache, with the channel's running sum or coefficients in locals instead of
 * typed-array slots (README, onnxruntime route). The training BatchNorm kernels stay row by row: blocked, they
 * were faster alone and in `profile-step.mjs` but the main job ran 15% slower (measured, cause not found).
 */
export const BLOCK_VALUES = 2048;

/**
 * The rows of one block for rows of `channels` values: at least one row, about {@link BLOCK_VALUES} values.
 * @example `for (let r0 = 0; r0 < rows; r0 += blockRows(channels)) ...`
 */
export function blockRows(channels: number): number {
  return Math.max(1, Math.floor(BLOCK_VALUES / channels));
}
