// @aug/transforms detection benchmark (not a test): torchvision's SSD training pipeline (RandomPhotometricDistort,
// RandomZoomOut, RandomIoUCrop, RandomHorizontalFlip, SanitizeBoundingBoxes) on 300x300 uint8 pictures with 10
// objects, images per second on one core for (1) the image alone, (2) image + 10 boxes + labels, (3) image +
// boxes + 10 instance masks + labels, measured in interleaved rounds of the same run; ratios against the image
// alone. v2's RandomIoUCrop needs boxes, so the image-alone chain runs RandomIoUCrop's own loop
// (RandomIoUCrop.getParams, same draws) with one whole-image box and crops the image: the same image work
// without targets. Runs against the built dist/.
//
//   node bench/detection.mjs            (alone: prints the table; AUG_BENCH_SECONDS sets the window, default 2 s)
//   AUG_BENCH_OUT=dir node bench/detection.mjs   (also writes dir/transforms-detection.json, as `pnpm bench` does)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Compose, RandomHorizontalFlip, RandomIoUCrop, RandomPhotometricDistort, RandomZoomOut, SanitizeBoundingBoxes, boundingBoxes, createRng,
  functional as F, mask,
} from '../dist/index.js';

const SIZE = 300;
const OBJECTS = 10;

/** One picture: a textured background and 10 filled ellipses (the objects), their masks and tight boxes. */
function picture(seed) {
  const rng = createRng(seed);
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + Math.floor(rng.next() * 40)) % 256;
  const planes = new Uint8Array(OBJECTS * SIZE * SIZE);
  const boxes = [];
  for (let k = 0; k < OBJECTS; k++) {
    const rx = 10 + rng.next() * 50;
    const ry = 10 + rng.next() * 50;
    const cx = rx + rng.next() * (SIZE - 2 * rx);
    const cy = ry + rng.next() * (SIZE - 2 * ry);
    let x1 = SIZE, y1 = SIZE, x2 = 0, y2 = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 > 1) continue;
        planes[k * SIZE * SIZE + y * SIZE + x] = 1;
        for (let c = 0; c < 3; c++) data[(y * SIZE + x) * 3 + c] = 40 * k + 60 * c;
        x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + 1); y2 = Math.max(y2, y + 1);
      }
    }
    boxes.push(x1, y1, x2, y2);
  }
  const image = { data, height: SIZE, width: SIZE, channels: 3 };
  const b = boundingBoxes(boxes, { format: 'xyxy', canvasSize: [SIZE, SIZE] });
  const labels = Int32Array.from({ length: OBJECTS }, (_, k) => k + 1);
  return { image, boxes: { image, target: { boxes: b, labels } }, masks: { image, target: { boxes: b, masks: mask(planes, SIZE, SIZE, OBJECTS), labels } } };
}

/** The image-alone stand-in for RandomIoUCrop: its loop and draws with one whole-image box, then the crop. */
class ImageIoUCrop {
  constructor() { this.iou = new RandomIoUCrop(); }
  apply(img, rng) {
    const p = RandomIoUCrop.getParams(img.height, img.width, Float32Array.of(0, 0, img.width, img.height), this.iou, rng);
    return p === null ? img : F.crop(img, p.top, p.left, p.height, p.width);
  }
  toJSON() { return { type: 'ImageIoUCrop' }; }
}

const MEAN = [124, 116, 104];
const pipelines = {
  image: () => new Compose([new RandomPhotometricDistort(), new RandomZoomOut({ fill: MEAN }), new ImageIoUCrop(), new RandomHorizontalFlip()]),
  boxes: () => new Compose([new RandomPhotometricDistort(), new RandomZoomOut({ fill: MEAN }), new RandomIoUCrop(), new RandomHorizontalFlip(), new SanitizeBoundingBoxes()]),
  masks: () => new Compose([new RandomPhotometricDistort(), new RandomZoomOut({ fill: MEAN }), new RandomIoUCrop(), new RandomHorizontalFlip(), new SanitizeBoundingBoxes()]),
};

/** Runs the three chains in interleaved windows and keeps each one's best rate (the machine may be shared). */
export function runDetectionBench(seconds = Number(process.env.AUG_BENCH_SECONDS ?? 2)) {
  const pics = Array.from({ length: 8 }, (_, i) => picture(i));
  const modes = Object.keys(pipelines);
  const chains = Object.fromEntries(modes.map((m) => [m, pipelines[m]()]));
  const inputs = { image: pics.map((p) => p.image), boxes: pics.map((p) => p.boxes), masks: pics.map((p) => p.masks) };
  // The same seed per input in every mode: the same draws for the shared steps.
  const run = (mode, n0) => {
    let n = n0;
    for (const input of inputs[mode]) chains[mode].apply(input, createRng(n++));
    return n;
  };
  for (const m of modes) for (const t0 = performance.now(); performance.now() - t0 < 300; ) run(m, 0);
  const best = Object.fromEntries(modes.map((m) => [m, 0]));
  for (let round = 0; round < 4; round++) {
    for (const m of modes) {
      let n = 0;
      const t0 = performance.now();
      let el = 0;
      do {
        n = run(m, n);
        el = (performance.now() - t0) / 1000;
      } while (el < seconds / 4);
      best[m] = Math.max(best[m], n / el);
    }
  }
  return best;
}

const labels = {
  image: 'image alone',
  boxes: 'image + 10 boxes + labels',
  masks: 'image + 10 boxes + 10 masks + labels',
};

export function detectionRows(best) {
  return Object.keys(labels).map((m) => ({
    name: `SSD pipeline (RandomPhotometricDistort, RandomZoomOut, RandomIoUCrop, RandomHorizontalFlip, SanitizeBoundingBoxes), 300x300 uint8, ${labels[m]}`,
    value: best[m],
    unit: 'images/s (1 core)',
    baseline: m === 'image' ? null : { name: 'the same pipeline on the image alone, same run', value: best.image },
    ratio: m === 'image' ? null : best[m] / best.image,
    notes: m === 'image' ? 'RandomIoUCrop stand-in: its loop with one whole-image box' : `time per image ${(best.image / best[m]).toFixed(2)}x the image alone's`,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const la = (l) => l.map((v) => v.toFixed(2)).join(', ');
  const before = loadavg();
  const best = runDetectionBench();
  const rows = detectionRows(best);
  console.log(`@aug/transforms detection bench, ${new Date().toISOString()}, load average ${la(before)} at the start, ${la(loadavg())} at the end`);
  for (const r of rows) console.log(`${labels[Object.keys(labels).find((m) => r.name.endsWith(labels[m]))]}: ${Math.round(r.value)} images/s${r.ratio === null ? '' : ` | ${r.ratio.toFixed(2)}x the image alone's rate (${r.notes})`}`);
  if (process.env.AUG_BENCH_OUT) {
    mkdirSync(process.env.AUG_BENCH_OUT, { recursive: true });
    writeFileSync(join(process.env.AUG_BENCH_OUT, 'transforms-detection.json'), JSON.stringify({ package: '@aug/transforms', rows }, null, 2));
  }
}
