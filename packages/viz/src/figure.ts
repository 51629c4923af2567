import { svgToPng } from './rasterize.js';
import { formatOf, writeOutput } from './save.js';

/**
 * Where one image of a grid figure sits in the PNG, in pixels.
 *
 * @example
 * ```ts
 * const { x, y, width, height } = showImages(images, 4, 8).cells[0];
 * ```
 */
export interface CellBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A finished picture: an SVG document and its PNG rendering. Returned by {@link showImages} and
 * {@link augmentationGallery}; {@link Animator.figure} returns one for the current curves.
 *
 * @example
 * ```ts
 * const fig = showImages(images, 4, 8, { scale: 0.8 });
 * fig.save('grid.png'); // or 'grid.svg'
 * const png: Buffer = fig.toPNG();
 * ```
 */
export class Figure {
  /** Width of the PNG in pixels. */
  readonly width: number;
  /** Height of the PNG in pixels. */
  readonly height: number;
  /** For image grids: where each image was drawn in the PNG (in input order); empty for charts. */
  readonly cells: readonly CellBox[];
  private readonly svg: string;
  private png: Buffer | undefined;

  /** @internal Built by the figure functions; `svg` must be a complete SVG document. */
  constructor(svg: string, width: number, height: number, cells: readonly CellBox[] = []) {
    this.svg = svg;
    this.width = width;
    this.height = height;
    this.cells = cells;
  }

  /** The SVG document. @example `writeFileSync('fig.svg', fig.toSVG())` */
  toSVG(): string {
    return this.svg;
  }

  /** The PNG bytes (rendered once, then cached). @example `fig.toPNG().length` */
  toPNG(): Buffer {
    this.png ??= svgToPng(this.svg, this.width);
    return this.png;
  }

  /** A `data:image/png;base64,...` URI, for HTML. @example `<img src="${fig.toDataURI()}">` */
  toDataURI(): string {
    return `data:image/png;base64,${this.toPNG().toString('base64')}`;
  }

  /**
   * Writes the figure as SVG or PNG, chosen by the extension of `path` (parent folders are created).
   *
   * @example
   * ```ts
   * fig.save('out/grid.png');
   * ```
   */
  save(path: string): void {
    const format = formatOf(path);
    writeOutput(path, format === 'svg' ? this.svg : this.toPNG());
  }
}
