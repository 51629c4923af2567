// Draws an @aug/transforms Image on a canvas: uint8 as is, float [0, 1] scaled by 255 (rounded,
// clamped, as torchvision's to_pil_image); 1 channel grey. Boxes (xyxy, pixel edges) are outlined.
import type { Image } from '@aug/transforms';

const COLOURS = ['#ff3b30', '#34c759', '#0a84ff', '#ffcc00', '#af52de', '#ff9500'];

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

/** Draws `img` on `canvas` (resized to the image) and outlines `boxes` with their labels. */
export function drawImage(canvas: HTMLCanvasElement, img: Image, boxes: readonly { box: readonly number[]; label: string }[] = []): void {
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.putImageData(toImageData(img), 0, 0);
  const line = Math.max(1, Math.round(Math.max(img.width, img.height) / 200));
  boxes.forEach(({ box, label }, i) => {
    const [x0, y0, x1, y1] = box as [number, number, number, number];
    ctx.strokeStyle = COLOURS[i % COLOURS.length]!;
    ctx.lineWidth = line;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.font = `${Math.max(10, 6 * line)}px sans-serif`;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillText(label, x0 + line + 1, Math.max(y0 - line - 1, 10 + line));
  });
}
