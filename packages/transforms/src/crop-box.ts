/** A crop box: `top`, `left`, `height`, `width` in pixels. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}
