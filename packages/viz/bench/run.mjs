// @aug/viz benchmark (run after `pnpm -F @aug/viz build`): how many figures per second the PNG paths make,
// each against a baseline measured in the same run.
//   - Animator PNG (SVG layout + resvg with text) vs the SVG layout alone: the cost of rasterising.
//   - showImages 4x8 CIFAR-sized grid PNG vs encoding the same pixels with pngjs directly (no SVG, no text).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Animator, showImages } from '../dist/index.js';

function perSecond(fn, minMs = 1500) {
  fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

const animator = new Animator({ xlabel: 'epoch', xlim: [1, 10], ylim: [0, 1], legend: ['train loss', 'train acc', 'test acc'] });
for (let e = 0; e < 10; e++) {
  for (let b = 1; b <= 5; b++) animator.add(e + b / 5, [Math.exp(-(e + b / 5) / 3), 1 - Math.exp(-(e + b / 5) / 2.5), null]);
  animator.add(e + 1, [null, null, 0.8 - Math.exp(-(e + 1) / 3) * 0.5]);
}
const images = Array.from({ length: 32 }, (_, k) => {
  const data = new Uint8Array(32 * 32 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * (k + 1) * 7) & 255;
  return { data, height: 32, width: 32, channels: 3 };
});

const svgRate = perSecond(() => animator.toSVG());
const pngRate = perSecond(() => animator.figure().toPNG());
const gridRate = perSecond(() => showImages(images, 4, 8, { scale: 0.8 }).toPNG());
const direct = perSecond(() => {
  const png = new PNG({ width: 640, height: 320 });
  png.data.fill(255);
  images.forEach((img, k) => {
    const ox = (k % 8) * 80 + 8;
    const oy = Math.floor(k / 8) * 80 + 8;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        const s = ((y >> 1) * 32 + (x >> 1)) * 3;
        const d = ((oy + y) * 640 + ox + x) * 4;
        png.data[d] = img.data[s];
        png.data[d + 1] = img.data[s + 1];
        png.data[d + 2] = img.data[s + 2];
      }
    }
  });
  return PNG.sync.write(png);
});

const rows = [
  { name: 'Animator curves PNG (504x360, resvg + DejaVu Sans)', value: pngRate, unit: 'figures/s', baseline: { name: 'Animator SVG only', value: svgRate }, notes: 'ratio < 1: rasterising costs this much over layout' },
  { name: 'showImages 4x8 grid PNG (640x320)', value: gridRate, unit: 'figures/s', baseline: { name: 'same pixels composed and encoded with pngjs', value: direct }, notes: 'SVG + resvg path vs a hand-made grid without text' },
].map((r) => ({ ...r, ratio: r.value / r.baseline.value }));

const out = process.env.AUG_BENCH_OUT ?? new URL('../../../bench-results', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'viz.json'), JSON.stringify({ package: '@aug/viz', rows }, null, 2));
console.table(rows.map((r) => ({ figure: r.name, value: r.value.toFixed(1), unit: r.unit, baseline: r.baseline.name, 'baseline value': r.baseline.value.toFixed(1), ratio: r.ratio.toFixed(2) })));
