#!/usr/bin/env node
// `pnpm start [--] [flags]`: builds the libraries the example needs (turbo, cached), then runs
// examples/<name> (default train-with-data-aug) with the flags passed through unchanged.
//
// The example runs as `node --import <tsx loader> src/main.ts` in a child process of this one, in its own
// process group, with the terminal inherited. Not through tsx's CLI: its signal relay re-sends SIGINT to the
// child and SIGKILLs it 30 ms later, so Ctrl-C could never finish the training step and write the
// checkpoint. This process forwards SIGINT, SIGTERM and SIGHUP to it once each and waits for it to exit.
// AUG_START_NO_BUILD=1 skips the build (the tests set it; they build the packages themselves).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let args = process.argv.slice(2);
let example = 'train-with-data-aug';
const i = args.indexOf('--example');
if (i !== -1) {
  example = args[i + 1];
  args.splice(i, 2);
}
// `pnpm start -- --epochs 2` and `pnpm start --epochs 2` behave alike.
if (args[0] === '--') args = args.slice(1);

const dir = path.join(root, 'examples', example);
if (!fs.existsSync(path.join(dir, 'package.json'))) {
  console.error(`start: no example "${example}" in examples/ (have: ${fs.readdirSync(path.join(root, 'examples')).join(', ')})`);
  process.exit(2);
}
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (!process.env.AUG_START_NO_BUILD) {
  const quiet = process.env.AUG_START_VERBOSE ? 'inherit' : 'pipe';
  const build = spawnSync(bin('turbo'), ['run', 'build', `--filter=${example}^...`, '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', quiet, 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) {
    if (build.stdout) process.stderr.write(build.stdout);
    console.error('start: building the packages failed (see above)');
    process.exit(build.status ?? 1);
  }
}

/** tsx's ESM loader (`tsx/esm`) as seen from the example, as a file URL for `node --import`. */
function tsxLoader() {
  const pkg = path.join(dir, 'node_modules', 'tsx');
  if (!fs.existsSync(path.join(pkg, 'package.json'))) {
    console.error(`start: tsx is not installed in examples/${example} (run pnpm install)`);
    process.exit(1);
  }
  const real = fs.realpathSync(pkg);
  const exports = JSON.parse(fs.readFileSync(path.join(real, 'package.json'), 'utf8')).exports ?? {};
  const entry = typeof exports['./esm'] === 'string' ? exports['./esm'] : './dist/esm/index.mjs';
  return pathToFileURL(path.join(real, entry)).href;
}

// glibc settings that keep freed memory for reuse instead of returning it to the kernel (a CPU training
// step allocates and frees GBs of tensor buffers; a VM that charges for freshly touched pages pays for each
// return trip). The user's own values win.
const MALLOC_REUSE = { MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '268435456' };
// V8 starts with a small old generation and grows it slowly while the mutator is busy: a training step promotes a
// few MB of tensor objects (the forward pass's, kept for the backward one), so the default heap ran ~14 full
// mark-compacts per ResNet-18 step. Starting at 256 MB cut the main job's step by 15-25% (packages/backend
// README, the onnxruntime route); V8 clamps it to a smaller --max-old-space-size from NODE_OPTIONS.
const HEAP_FLAGS = ['--initial-heap-size=256'];
// The example runs in its own process group (detached), and this process forwards every stop signal to it
// exactly once: Ctrl-C in a terminal (SIGINT to the foreground group: pnpm and this process), a SIGINT,
// SIGTERM (docker stop, a job scheduler) or SIGHUP sent to this process alone. The first makes the example
// finish its step and write a checkpoint; a second ends it at once. This process never exits before the
// example has: it waits for it and exits with its status (128 + the signal's number if a signal ended it).
const child = spawn(process.execPath, [...HEAP_FLAGS, '--import', tsxLoader(), path.join(dir, 'src', 'main.ts'), ...args], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: { ...MALLOC_REUSE, ...process.env },
});
const running = () => child.exitCode === null && child.signalCode === null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (running()) child.kill(sig);
  });
}
// If this process ends for another reason (an uncaught error), the example must not run on unseen.
process.on('exit', () => {
  if (running()) child.kill('SIGTERM');
});
child.on('error', (err) => {
  console.error(`start: could not run the example: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (os.constants.signals[signal] ?? 0) : (code ?? 1));
});
