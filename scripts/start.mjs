#!/usr/bin/env node
// `pnpm start [--] [flags]`: builds the libraries the example needs (turbo, cached), then runs
// examples/<name> (default train-with-data-aug) with the flags passed through unchanged.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
const tsx = path.join(dir, 'node_modules', '.bin', 'tsx');
const run = spawnSync(tsx, [path.join(dir, 'src', 'main.ts'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? (run.signal ? 130 : 1));
