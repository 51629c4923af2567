// Draws an @aug/transforms Image on a canvas: uint8 as is, float [0, 1] scaled by 255 (rounded,
// clamped, as torchvision's to_pil_image); 1 channel grey. Boxes are drawn into the pixels first with
// @aug/viz's drawBoundingBoxes (torchvision's draw_bounding_boxes), the same function Node code uses.
import type { BoundingBoxes, Image } from '@aug/transforms';
import { drawBoundingBoxes } from '@aug/viz';

/** RGBA pixels of an image. */
export function toImageData(img: Image): ImageData {
  const { width: w, height: h, channels: c, data } = img;
  const out = new ImageData(w, h);
  const float = data instanceof Float32Array;
  const at = (i: number): number => {
    const v = float ? data[i]! * 255 : data[i]!;
    return v !== v ? 0 : Math.max(0, Math.min(255, Math.round(v)));
  };
  for (let p = 0; p < w * h; p++) {
    const s = p * c;
    const d = p * 4;
    if (c < 3) {
      out.data[d] = out.data[d + 1] = out.data[d + 2] = at(s);
    } else {
      out.data[d] = at(s);
      out.data[d + 1] = at(s + 1);
      out.data[d + 2] = at(s + 2);
    }
    out.data[d + 3] = 255;
  }
  return out;
}

/** Boxes to draw on an image, with one label each. */
export interface LabelledBoxes {
  boxes: BoundingBoxes;
  labels: string[];
}

/** The outline width for a picture of this size: 1 px at CIFAR size, more on large pictures. */
function outlineWidth(img: Image): number {
  return Math.max(1, Math.round(Math.max(img.width, img.height) / 170));
}

/**
 * Draws `img` on `canvas` (resized to the image), with `targets`' boxes and labels drawn by
 * `drawBoundingBoxes` when given.
 */
export function drawImage(canvas: HTMLCanvasElement, img: Image, targets: LabelledBoxes | null = null): void {
  const shown = targets !== null && targets.labels.length > 0 ? drawBoundingBoxes(img, targets.boxes, { labels: targets.labels, width: outlineWidth(img) }) : img;
  canvas.width = shown.width;
  canvas.height = shown.height;
  canvas.getContext('2d')?.putImageData(toImageData(shown), 0, 0);
}
