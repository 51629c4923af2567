#!/usr/bin/env node
// The playground's latency measurement in Node: d2l's chain applied 8 times (one generator per seed) to
// the shipped 512 x 512 photo, as an image alone and as a sample with boxes; median over 7 seeds.
//   node bench/node-latency.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { boundingBoxes, createRng, transformFromJSON } from '@aug/transforms';
import { decodePng } from '@aug/viz';

const { width, height, data } = decodePng(readFileSync(resolve(import.meta.dirname, '..', 'public', 'data', 'pictures', 'photo.png')));
const rgb = new Uint8Array(width * height * 3);
for (let p = 0; p < width * height; p++) rgb.set(data.subarray(4 * p, 4 * p + 3), 3 * p);
const img = { data: rgb, height, width, channels: 3 };
const chain = transformFromJSON({
  type: 'Compose',
  transforms: [
    { type: 'RandomHorizontalFlip', options: { p: 0.5 } },
    { type: 'ColorJitter', options: { brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 } },
    { type: 'RandomResizedCrop', options: { size: [200, 200], scale: [0.1, 1], ratio: [0.5, 2] } },
  ],
});
const boxes = boundingBoxes([8, 8, 120, 120, 136, 136, 248, 248, 264, 264, 376, 376, 392, 392, 504, 504], { format: 'xyxy', canvasSize: [512, 512] });
for (const withBoxes of [false, true]) {
  const times = [];
  for (let seed = 0; seed < 7; seed++) {
    const rng = createRng(seed);
    const t0 = performance.now();
    for (let i = 0; i < 8; i++) chain.apply(withBoxes ? { image: img, boxes, labels: [0, 1, 2, 3] } : img, rng);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`node: 2x4 gallery, d2l chain, 512x512 ${withBoxes ? 'with 4 boxes' : 'image only'}: median ${times[3].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[6].toFixed(1)})`);
}
