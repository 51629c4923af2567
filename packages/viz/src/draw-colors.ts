import { describeValue } from '@aug/internal';
import type { Rgb } from './draw-canvas.js';

/**
 * A colour for the drawing functions: a name (`'red'`, `'orange'`, ... as PIL's `ImageColor`, CSS names),
 * `'#rgb'`, `'#rrggbb'`, `'rgb(r, g, b)'`, or `[r, g, b]` with integers in 0..255.
 *
 * @example
 * ```ts
 * const colors: Color[] = ['red', '#00ff00', [0, 0, 255]];
 * ```
 */
export type Color = string | readonly [number, number, number];

// PIL's ImageColor names (the CSS colour keywords) that figures use most; others can be given as '#rrggbb'.
const NAMED: ReadonlyMap<string, Rgb> = new Map<string, Rgb>([
  ['black', [0, 0, 0]], ['white', [255, 255, 255]], ['red', [255, 0, 0]], ['lime', [0, 255, 0]],
  ['green', [0, 128, 0]], ['blue', [0, 0, 255]], ['yellow', [255, 255, 0]], ['cyan', [0, 255, 255]],
  ['aqua', [0, 255, 255]], ['magenta', [255, 0, 255]], ['fuchsia', [255, 0, 255]], ['silver', [192, 192, 192]],
  ['gray', [128, 128, 128]], ['grey', [128, 128, 128]], ['maroon', [128, 0, 0]], ['olive', [128, 128, 0]],
  ['purple', [128, 0, 128]], ['teal', [0, 128, 128]], ['navy', [0, 0, 128]], ['orange', [255, 165, 0]],
  ['pink', [255, 192, 203]], ['brown', [165, 42, 42]], ['gold', [255, 215, 0]], ['violet', [238, 130, 238]],
  ['indigo', [75, 0, 130]], ['coral', [255, 127, 80]], ['salmon', [250, 128, 114]], ['orchid', [218, 112, 214]],
  ['khaki', [240, 230, 140]], ['crimson', [220, 20, 60]], ['turquoise', [64, 224, 208]], ['tomato', [255, 99, 71]],
  ['chocolate', [210, 105, 30]], ['tan', [210, 180, 140]], ['skyblue', [135, 206, 235]], ['limegreen', [50, 205, 50]],
  ['darkgreen', [0, 100, 0]], ['darkblue', [0, 0, 139]], ['darkred', [139, 0, 0]], ['darkorange', [255, 140, 0]],
  ['lightgray', [211, 211, 211]], ['lightgrey', [211, 211, 211]], ['darkgray', [169, 169, 169]], ['darkgrey', [169, 169, 169]],
  ['lightblue', [173, 216, 230]], ['lightgreen', [144, 238, 144]], ['deepskyblue', [0, 191, 255]], ['dodgerblue', [30, 144, 255]],
  ['hotpink', [255, 105, 180]], ['deeppink', [255, 20, 147]], ['springgreen', [0, 255, 127]], ['yellowgreen', [154, 205, 50]],
]);

/**
 * torchvision's `_generate_color_palette(n)`: colour `i` is `(i * [2^25 - 1, 2^15 - 1, 2^21 - 1]) % 255`,
 * so the default colours look random but are the same on every run (colour 0 is black).
 *
 * @example
 * ```ts
 * generateColorPalette(3); // [[0, 0, 0], [1, 127, 31], [2, 254, 62]]
 * ```
 */
export function generateColorPalette(n: number): Rgb[] {
  const p = [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1] as const;
  return Array.from({ length: n }, (_, i) => [(i * p[0]) % 255, (i * p[1]) % 255, (i * p[2]) % 255] as const);
}

function isByte(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
}

/**
 * Parses one {@link Color} (PIL's `ImageColor.getrgb` forms). Throws a TypeError/RangeError naming `name`.
 *
 * @example
 * ```ts
 * parseColor('#ff8000', 'colors[0]'); // [255, 128, 0]
 * ```
 */
export function parseColor(color: Color, name: string): Rgb {
  if (Array.isArray(color)) {
    if (color.length !== 3 || !color.every(isByte)) {
      throw new RangeError(`${name} must be [r, g, b] with integers in 0..255, got [${color.join(', ')}]`);
    }
    return [color[0], color[1], color[2]];
  }
  if (typeof color !== 'string') {
    throw new TypeError(`${name} must be a colour name, '#rrggbb', 'rgb(r, g, b)' or [r, g, b], got ${describeValue(color)}`);
  }
  const s = color.trim().toLowerCase();
  const named = NAMED.get(s);
  if (named) return named;
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  m = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (m && [m[1], m[2], m[3]].every((v) => Number(v) <= 255)) return [Number(m[1]), Number(m[2]), Number(m[3])];
  throw new RangeError(
    `${name} is not a colour: '${color}'; use a name (${[...NAMED.keys()].slice(0, 8).join(', ')}, ...), '#rgb', '#rrggbb', 'rgb(r, g, b)' or [r, g, b]`,
  );
}

/**
 * The colours of `n` drawn objects, as torchvision: none -> {@link generateColorPalette}, one colour -> the
 * same for all, a list -> one per object (a RangeError when it is shorter than `n`, naming both counts).
 *
 * @example
 * ```ts
 * resolveColors(['red', 'blue'], 2, 'boxes'); // [[255, 0, 0], [0, 0, 255]]
 * ```
 */
export function resolveColors(colors: Color | readonly Color[] | undefined, n: number, what: string): Rgb[] {
  if (colors === undefined) return generateColorPalette(n);
  const isList = Array.isArray(colors) && !(colors.length === 3 && colors.every((v) => typeof v === 'number'));
  if (!isList) {
    const one = parseColor(colors as Color, 'colors');
    return Array.from({ length: n }, () => one);
  }
  const list = colors as readonly Color[];
  if (list.length < n) {
    throw new RangeError(`colors has ${list.length} colours but there are ${n} ${what}; pass at least ${n} colours, one colour, or none`);
  }
  return list.slice(0, n).map((c, i) => parseColor(c, `colors[${i}]`));
}
