import { assertPositiveInteger } from '@aug/internal';
import type { Image } from '@aug/transforms';
import { resize } from '@aug/transforms/functional';
import { Figure, type CellBox } from './figure.js';
import { FONT_STACK } from './font.js';
import { toImages, type ImagesInput } from './image-input.js';
import { imageToPng } from './png.js';
import { escapeXml, fitText, num } from './text.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link showImages}.
 *
 * @example
 * ```ts
 * showImages(images, 2, 4, { titles: labels.map((l) => classes[l]), scale: 1.5 } satisfies ShowImagesOptions);
 * ```
 */
export interface ShowImagesOptions {
  /** One title per image (d2l's `titles`), drawn under it; cut with '…' when wider than the cell. */
  titles?: readonly string[];
  /** Inches per grid cell, d2l's `scale` (default 1.5): the figure is `cols*scale` x `rows*scale` inches. */
  scale?: number;
  /** Pixels per inch of the PNG (default 100, matplotlib's). */
  dpi?: number;
  /** Where titles go: `'below'` (default) or `'above'` (as matplotlib's `set_title`). */
  titlePosition?: 'below' | 'above';
}

const TITLE_PT = 10;

/** Nearest-neighbour resampling to `w` x `h` (`@aug/transforms`' `resize`, torchvision's `'nearest'`). */
function resizeNearest(img: Image, w: number, h: number): Image {
  if (w === img.width && h === img.height) return img;
  return resize(img, [h, w], { interpolation: 'nearest' });
}

/**
 * Integer nearest-neighbour upscaling (so pixels stay square and crisp in every renderer), or a plain
 * nearest downscale when the image is larger than the space it gets.
 */
function placeSize(img: Image, avail: number): [number, number] {
  const k = Math.floor(avail / Math.max(img.height, img.width));
  if (k >= 1) return [img.width * k, img.height * k];
  const f = avail / Math.max(img.height, img.width);
  return [Math.max(1, Math.floor(img.width * f)), Math.max(1, Math.floor(img.height * f))];
}

/**
 * d2l's `show_images(imgs, num_rows, num_cols, titles=None, scale=1.5)`: a `rows` x `cols` grid of images,
 * drawn with nearest-neighbour scaling at a whole multiple of their size, titles under them when given.
 * Returns a {@link Figure} (`save(path)` as PNG or SVG, `toPNG()`); `figure.cells` tells where each image
 * landed in the PNG.
 *
 * Accepts `Image`s (uint8 0..255 or float [0, 1]), an NHWC `tf.Tensor4D` or an array of HWC `tf.Tensor3D`
 * (tfjs is channels-last; d2l's PyTorch tensors are CHW). Tensors are read, not disposed.
 *
 * @example
 * ```ts
 * // the seed's grid: the first 32 CIFAR-10 training images
 * const images = Array.from({ length: 32 }, (_, i) => train.get(i).image);
 * showImages(images, 4, 8, { scale: 0.8 }).save('cifar10.png');
 * ```
 */
export function showImages(images: ImagesInput, rows: number, cols: number, options: ShowImagesOptions = {}): Figure {
  checkOptionKeys(options, 'ShowImagesOptions', 'showImages');
  assertPositiveInteger(rows, 'rows');
  assertPositiveInteger(cols, 'cols');
  const imgs = toImages(images);
  if (imgs.length === 0) throw new RangeError('images is empty; pass at least one image');
  if (imgs.length > rows * cols) {
    throw new RangeError(
      `rows x cols = ${rows} x ${cols} = ${rows * cols} cells cannot hold ${imgs.length} images; raise rows or cols, or pass images.slice(0, ${rows * cols})`,
    );
  }
  const first = imgs[0]!;
  imgs.forEach((img, i) => {
    if (img.height !== first.height || img.width !== first.width || img.channels !== first.channels) {
      throw new RangeError(
        `images[${i}] is ${img.height}x${img.width}x${img.channels} (HxWxC) but images[0] is ${first.height}x${first.width}x${first.channels}; resize them to one size first`,
      );
    }
    if (img.channels > 4) throw new RangeError(`images[${i}] has ${img.channels} channels; use 1 (grey), 3 (RGB) or 4 (RGBA)`);
  });
  const scale = options.scale ?? 1.5;
  const dpi = options.dpi ?? 100;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`scale must be a positive number of inches, got ${scale}`);
  if (!(Number.isFinite(dpi) && dpi > 0)) throw new RangeError(`dpi must be a positive number, got ${dpi}`);
  const titles = options.titles;
  if (titles !== undefined) {
    if (!Array.isArray(titles) || titles.length < imgs.length) {
      throw new RangeError(`titles must hold one string per image (${imgs.length}), got ${Array.isArray(titles) ? titles.length : String(titles)}`);
    }
  }
  const above = options.titlePosition === 'above';

  const cell = Math.max(4, Math.round(scale * dpi));
  const pad = Math.max(1, Math.round(cell * 0.05));
  const fontPx = (TITLE_PT * dpi) / 72;
  const titleH = titles === undefined ? 0 : Math.ceil(fontPx * 1.5);
  const cellH = cell + titleH;
  const W = cols * cell;
  const H = rows * cellH;
  const [dw, dh] = placeSize(first, cell - 2 * pad);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_STACK}" font-size="${num(fontPx)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  const cells: CellBox[] = [];
  imgs.forEach((img, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const x = c * cell + Math.floor((cell - dw) / 2);
    const y = r * cellH + (above ? titleH : 0) + Math.floor((cell - dh) / 2);
    cells.push({ x, y, width: dw, height: dh });
    // Scaled here, not by the renderer: rasterisers smooth scaled images, and pixels must stay crisp.
    const href = `data:image/png;base64,${imageToPng(resizeNearest(img, dw, dh), `images[${i}]`).toString('base64')}`;
    parts.push(
      `<image x="${x}" y="${y}" width="${dw}" height="${dh}" href="${href}"/>`,
    );
    if (titles !== undefined) {
      const text = fitText(String(titles[i]), fontPx, cell - 2);
      const ty = above ? r * cellH + titleH - fontPx * 0.35 : r * cellH + cell + fontPx * 0.85;
      parts.push(`<text x="${num(c * cell + cell / 2)}" y="${num(ty)}" text-anchor="middle">${escapeXml(text)}</text>`);
    }
  });
  parts.push('</svg>');
  return new Figure(parts.join('\n'), W, H, cells);
}
