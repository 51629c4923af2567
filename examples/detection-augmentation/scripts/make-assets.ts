// Writes assets/: 40 real CIFAR-10 test pictures (the first 4 of each class) as 32x32 PNGs named
// <index>-<class>.png, so the example runs without the dataset. Run from the example folder:
//   npx tsx scripts/make-assets.ts [/work/shared/data/cifar-10-dev.tar.gz]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from '@aug/data';
import { CIFAR10_CLASSES, readCifarPictures } from '../src/cifar-source.js';

const source = process.argv[2] ?? '/work/shared/data/cifar-10-dev.tar.gz';
const perClass = 4;
const pics = readCifarPictures(source, 2000);
const dir = join(import.meta.dirname, '..', 'assets');
mkdirSync(dir, { recursive: true });
let written = 0;
for (let label = 0; label < 10; label++) {
  const ofClass = pics.map((p, i) => ({ ...p, i })).filter((p) => p.label === label).slice(0, perClass);
  for (const p of ofClass) {
    await writeImage(join(dir, `${String(p.i).padStart(4, '0')}-${CIFAR10_CLASSES[label]}.png`), p.image);
    written++;
  }
}
console.log(`wrote ${written} pictures to ${dir}`);
