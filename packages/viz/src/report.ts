import { describeValue } from '@aug/internal';
import { join } from 'node:path';
import { Animator } from './animator.js';
import type { Figure } from './figure.js';
import { writeOutput } from './save.js';
import { shortNumber } from './terminal-chart.js';
import { escapeXml } from './text.js';

/** A value of the run configuration shown in the report. */
export type ReportValue = string | number | boolean | null | readonly ReportValue[] | { readonly [key: string]: ReportValue };

/**
 * Training history: per metric, one value per epoch (`{ 'train loss': [...], 'test acc': [...] }`), or one
 * record per epoch (`[{ loss: 0.9, 'test acc': 0.6 }, ...]`). `null` marks a missing value.
 */
export type ReportHistory<R extends MetricRecord<R> = { readonly [metric: string]: number | null }> =
  | { readonly [metric: string]: readonly (number | null)[] }
  | readonly R[];

/**
 * One epoch's record in a {@link ReportHistory}: every field a number (or `null` for a missing value). Any
 * interface of numbers fits, e.g. `@aug/train`'s `EpochSummary`, so `history.epochs` goes in as it is.
 */
export type MetricRecord<R> = { readonly [K in keyof R]: number | null };

/** One image grid of the report. @example `{ title: 'flips', figure: augmentationGallery(img, flip) }` */
export interface ReportGrid {
  title: string;
  /** A figure from {@link showImages} or {@link augmentationGallery}. */
  figure: Figure;
}

/**
 * What {@link writeReport} puts on the page.
 *
 * @example
 * ```ts
 * const content: ReportContent = { title: 'run 1', curves: animator, config: { epochs: 10 } };
 * ```
 */
export interface ReportContent<R extends MetricRecord<R> = { readonly [metric: string]: number | null }> {
  title: string;
  /** The training curves: an {@link Animator} or an SVG document. */
  curves?: Animator | string;
  grids?: readonly ReportGrid[];
  /** Per-epoch metrics; the final metrics table shows each metric's last value. Default: the Animator's. */
  history?: ReportHistory<R>;
  /** The run's configuration, shown as a table. */
  config?: { readonly [key: string]: ReportValue };
}

/**
 * Each metric's last non-null, finite value (what the report's "Final metrics" table shows).
 *
 * @example
 * ```ts
 * finalMetrics({ loss: [0.9, 0.5], 'test acc': [0.6, null] }); // [['loss', 0.5], ['test acc', 0.6]]
 * ```
 */
export function finalMetrics<R extends MetricRecord<R>>(history: ReportHistory<R>): [string, number][] {
  const out = new Map<string, number>();
  if (Array.isArray(history)) {
    for (const rec of history as readonly { readonly [m: string]: number | null }[]) {
      for (const [k, v] of Object.entries(rec)) if (typeof v === 'number' && Number.isFinite(v)) out.set(k, v);
    }
  } else {
    for (const [k, values] of Object.entries(history as { readonly [m: string]: readonly (number | null)[] })) {
      if (!Array.isArray(values)) throw new TypeError(`history['${k}'] must be an array of numbers, got ${describeValue(values)}`);
      for (let i = values.length - 1; i >= 0; i--) {
        const v = values[i];
        if (typeof v === 'number' && Number.isFinite(v)) {
          out.set(k, v);
          break;
        }
      }
    }
  }
  return [...out];
}

function metricsFromAnimator(a: Animator): [string, number][] {
  const out: [string, number][] = [];
  a.data().forEach((s, i) => {
    for (let k = s.y.length - 1; k >= 0; k--) {
      if (Number.isFinite(s.y[k]!)) {
        out.push([s.label ?? `series ${i}`, s.y[k]!]);
        break;
      }
    }
  });
  return out;
}

function configValue(v: ReportValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const CSS = `body{font-family:'DejaVu Sans','Bitstream Vera Sans',Arial,Helvetica,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#555;margin-top:.3rem}
.curves svg{width:100%;max-width:42rem;height:auto}
.grid img{max-width:100%;image-rendering:pixelated}
table{border-collapse:collapse}td,th{padding:.25rem .8rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.9em}`;

/**
 * Writes one self-contained `index.html` into `dir` (created if missing): the curves as inline SVG, the
 * image grids as data-URI PNGs, the final metrics and the run's configuration. No scripts, no network
 * requests: the file can be mailed or archived as it is. Returns the path of the file.
 *
 * @example
 * ```ts
 * const path = writeReport('runs/2024-01-01', {
 *   title: 'CIFAR-10, ResNet-18, flip augmentation',
 *   curves: animator,
 *   grids: [{ title: 'first 32 training images', figure: showImages(images, 4, 8, { scale: 0.8 }) }],
 *   history: { 'train loss': losses, 'train acc': trainAccs, 'test acc': testAccs },
 *   config: { epochs: 10, batchSize: 256, lr: 0.001 },
 * });
 * ```
 */
export function writeReport<R extends MetricRecord<R>>(dir: string, content: ReportContent<R>): string {
  if (typeof dir !== 'string' || dir.length === 0) throw new TypeError(`dir must be a folder path, got ${describeValue(dir)}`);
  if (content === null || typeof content !== 'object' || typeof content.title !== 'string') {
    throw new TypeError(`content must be { title: string, curves?, grids?, history?, config? }, got ${describeValue(content)}`);
  }
  const sections: string[] = [];
  let metrics: [string, number][] = [];
  if (content.curves !== undefined) {
    let svg: string;
    if (content.curves instanceof Animator) {
      svg = content.curves.toSVG();
      metrics = metricsFromAnimator(content.curves);
    } else if (typeof content.curves === 'string' && /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(content.curves)) {
      svg = content.curves.replace(/^\s*<\?xml[^>]*>\s*/, '');
    } else {
      throw new TypeError('content.curves must be an Animator or an SVG document string starting with <svg');
    }
    sections.push(`<h2>Training curves</h2>\n<figure class="curves">${svg}</figure>`);
  }
  if (content.history !== undefined) metrics = finalMetrics(content.history);
  if (metrics.length > 0) {
    const rows = metrics.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td class="num">${escapeXml(shortNumber(v))}</td></tr>`);
    sections.push(`<h2>Final metrics</h2>\n<table class="metrics">${rows.join('')}</table>`);
  }
  for (const [i, grid] of (content.grids ?? []).entries()) {
    if (grid === null || typeof grid !== 'object' || typeof grid.figure?.toDataURI !== 'function') {
      throw new TypeError(`content.grids[${i}] must be { title, figure } with a figure from showImages/augmentationGallery`);
    }
    sections.push(
      `<h2>${escapeXml(String(grid.title))}</h2>\n<figure class="grid"><img alt="${escapeXml(String(grid.title))}" width="${grid.figure.width}" height="${grid.figure.height}" src="${grid.figure.toDataURI()}"></figure>`,
    );
  }
  if (content.config !== undefined) {
    const rows = Object.entries(content.config).map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td><code>${escapeXml(configValue(v))}</code></td></tr>`);
    sections.push(`<h2>Configuration</h2>\n<table class="config">${rows.join('')}</table>`);
  }
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeXml(content.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeXml(content.title)}</h1>
${sections.join('\n')}
</body>
</html>
`;
  const path = join(dir, 'index.html');
  writeOutput(path, html, 'report');
  return path;
}
