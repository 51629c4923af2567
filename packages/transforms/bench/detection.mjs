// @aug/transforms detection benchmark (not a test): torchvision's SSD training pipeline (RandomPhotometricDistort,
// RandomZoomOut, RandomIoUCrop, RandomHorizontalFlip, SanitizeBoundingBoxes) on 300x300 uint8 pictures with 10
// objects, images per second on one core for (1) the image alone, (2) image + 10 boxes + labels, (3) image +
// boxes + 10 instance masks + labels, measured in interleaved rounds of the same run; ratios against the image
// alone. v2's RandomIoUCrop needs boxes, so the image-alone chain makes the sample chain's very draws (the
// boxes only steer RandomIoUCrop.getParams) and does the image work alone. Runs against the built dist/.
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

/**
 * The image-alone chain: the SSD pipeline's image work with the very draws the sample chain makes (v2's
 * RandomIoUCrop needs boxes, so the picture's boxes are shifted by the zoom-out here, 40 numbers of arithmetic,
 * and handed to RandomIoUCrop.getParams): the same crops, so the difference to the sample chains is what
 * carrying the targets costs.
 */
class ImageOnlySSD {
  constructor(boxesOf) {
    this.boxesOf = boxesOf;
    this.distort = new RandomPhotometricDistort();
    this.zoom = new RandomZoomOut({ fill: MEAN });
    this.iou = new RandomIoUCrop();
  }
  apply(image, rng) {
    let img = this.distort.apply(image, rng);
    const xyxy = new Float32Array(this.boxesOf.get(image));
    if (rng.next() < this.zoom.p) {
      const pad = RandomZoomOut.getParams(img.height, img.width, this.zoom.sideRange, rng);
      img = F.pad(img, pad, { fill: MEAN });
      for (let i = 0; i < xyxy.length; i += 2) { xyxy[i] += pad[0]; xyxy[i + 1] += pad[1]; }
    }
    const p = RandomIoUCrop.getParams(img.height, img.width, xyxy, this.iou, rng);
    if (p !== null) img = F.crop(img, p.top, p.left, p.height, p.width);
    return rng.next() < 0.5 ? F.hflip(img) : img;
  }
  toJSON() { return { type: 'ImageOnlySSD' }; }
}

const MEAN = [124, 116, 104];
const boxesOf = new WeakMap();
const pipelines = {
  image: () => new ImageOnlySSD(boxesOf),
  boxes: () => new Compose([new RandomPhotometricDistort(), new RandomZoomOut({ fill: MEAN }), new RandomIoUCrop(), new RandomHorizontalFlip(), new SanitizeBoundingBoxes()]),
  masks: () => new Compose([new RandomPhotometricDistort(), new RandomZoomOut({ fill: MEAN }), new RandomIoUCrop(), new RandomHorizontalFlip(), new SanitizeBoundingBoxes()]),
};

/** Runs the three chains in interleaved windows and keeps each one's best rate (the machine may be shared). */
export function runDetectionBench(seconds = Number(process.env.AUG_BENCH_SECONDS ?? 2)) {
  const pics = Array.from({ length: 8 }, (_, i) => picture(i));
  for (const p of pics) boxesOf.set(p.image, p.boxes.target.boxes.data);
  const modes = Object.keys(pipelines);
  const chains = Object.fromEntries(modes.map((m) => [m, pipelines[m]()]));
  const inputs = { image: pics.map((p) => p.image), boxes: pics.map((p) => p.boxes), masks: pics.map((p) => p.masks) };
  // The image-alone chain must do the sample chains' image work: same pictures for the same seeds.
  for (let i = 0; i < pics.length; i++) {
    const a = chains.image.apply(inputs.image[i], createRng(i)).data;
    const b = chains.masks.apply(inputs.masks[i], createRng(i)).image.data;
    if (a.length !== b.length || a.some((v, k) => v !== b[k])) throw new Error(`detection bench: the image-alone chain diverged from the sample chain on picture ${i}`);
  }
  // Every mode runs the same jobs (each picture with seeds 0..7, so the same draws and the same image work: the
  // zoom-out alone changes an image's size up to 4x, so a varying job mix would swamp the targets' cost), in
  // whole cycles, interleaved across modes, keeping each mode's best window.
  const jobs = pics.flatMap((_, i) => Array.from({ length: 8 }, (_, seed) => [i, seed]));
  const cycle = (mode) => {
    for (const [i, seed] of jobs) chains[mode].apply(inputs[mode][i], createRng(seed));
  };
  for (const m of modes) cycle(m);
  const best = Object.fromEntries(modes.map((m) => [m, 0]));
  for (let round = 0; round < 4; round++) {
    for (const m of modes) {
      let n = 0;
      const t0 = performance.now();
      let el = 0;
      do {
        cycle(m);
        n += jobs.length;
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
    notes: m === 'image' ? 'the same draws and crops as the sample chains, image work only' : `time per image ${(best.image / best[m]).toFixed(2)}x the image alone's`,
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
