/** Test helpers: read back what the SVG figures drew. */

/** The `d` commands of a path as [command, x, y] triples (only M and L are used for series). */
export function pathPoints(d: string): [string, number, number][] {
  return [...d.matchAll(/([ML])(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [m[1]!, Number(m[2]), Number(m[3])]);
}

/** Every series path's `d`, in series order. */
export function seriesPaths(svg: string): string[] {
  return [...svg.matchAll(/<path class="series" data-series="\d+"[^>]* d="([^"]*)"/g)].map((m) => m[1]!);
}

/** The plot area (the clip rectangle). */
export function plotArea(svg: string): { x: number; y: number; w: number; h: number } {
  const m = /<clipPath id="plot-area"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no plot area in SVG');
  return { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) };
}

/** Texts of the tick labels. */
export function tickLabels(svg: string): string[] {
  const g = /<g class="tick-labels">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<text[^>]*>([^<]*)/g)].map((m) => m[1]!);
}
