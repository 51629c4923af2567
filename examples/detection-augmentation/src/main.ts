// pnpm -F detection-augmentation start [-- --data-dir <cifar-10 .tar.gz or folder>] [--out tmp/out] [--images 24] [--seeds 5] [--gallery path.png]
import { runExample } from './run.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

function count(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got '${v}'`);
  return n;
}

const dataDir = arg('--data-dir');
const gallery = arg('--gallery');
const summary = await runExample({
  out: arg('--out') ?? 'tmp/out', images: count('--images', 24), seeds: count('--seeds', 5),
  ...(dataDir !== undefined ? { dataDir } : {}), ...(gallery !== undefined ? { gallery } : {}),
});
if (summary.violations.length > 0) {
  console.error(`${summary.violations.length} boxes do not cover their masks after augmentation`);
  process.exitCode = 1;
}
