/**
 * A decoded picture before mode conversion: uint8, HWC interleaved, with the channel layout the decoder
 * produced (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA).
 */
export interface RawImage {
  data: Uint8Array;
  height: number;
  width: number;
  channels: 1 | 2 | 3 | 4;
}
