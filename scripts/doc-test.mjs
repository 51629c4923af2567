#!/usr/bin/env node
// Doc tests: every ```ts / ```js block of every package README runs as written, in a fresh project that has
// exactly what the README's install line installs. Packs every package as it would be published (pnpm pack),
// makes one temporary project, installs the tarballs and the install lines' registry packages into it once
// (npm, tfjs at 4.22.0), writes a synthetic CIFAR-10 (official layout and sizes) at data/CIFAR for the blocks
// that read the dataset, then runs each block (TypeScript types stripped by `typescript`) with node.
//
// Checks per README: an `npm install ...` line (a ```sh block) before the first code block, each such line
// naming a tfjs backend where the package needs one, and every package a block imports is on the nearest
// install line above it (or a Node built-in). Flags on an install line (`--x=y`) are passed to npm.
// A block preceded by `<!-- doc-test: skip <reason> -->` is not run (say why in the reason).
//
// Usage: node scripts/doc-test.mjs [package ...]   (needs the packages built and the npm registry)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const ts = require('typescript');
const TFJS_VERSION = '4.22.0';
const BLOCK_TIMEOUT_MS = Number(process.env.AUG_DOC_TEST_TIMEOUT_MS ?? 300_000);
const BACKENDS = ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

const only = process.argv.slice(2);
// Private workspace packages (@aug/internal, @aug/test-utils) are never published: no README to run, nothing to pack.
const isPrivate = (name) => JSON.parse(fs.readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')).private === true;
const names = fs.readdirSync(path.join(root, 'packages')).filter((n) => (only.length === 0 || only.includes(n)) && !isPrivate(n)).sort();
let failed = 0;
const fail = (message) => {
  failed++;
  console.error(`FAIL ${message}`);
};

/** Fenced blocks of a README: { lang, code, line, skip }. */
function blocksOf(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const skip = /<!--\s*doc-test:\s*skip\b([^>]*)-->/.exec(lines[start - 1] ?? '') ?? /<!--\s*doc-test:\s*skip\b([^>]*)-->/.exec(lines[start - 2] ?? '');
    blocks.push({ lang: open[1], code: body.join('\n'), line: start + 1, skip: skip ? skip[1].trim() || 'no reason given' : null });
  }
  return blocks;
}

/** `npm install a b --x=y   # comment` -> ['a', 'b', '--x=y'] (packages and flags) */
function installWords(block) {
  const first = block.code.split('\n').find((l) => l.trim().startsWith('npm install '));
  if (!first) return null;
  return first.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
}
const installPackages = (block) => installWords(block)?.filter((w) => !w.startsWith('-')) ?? null;

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]).replace(/(.)@.*$/, '$1');

function importsOf(code) {
  const out = new Set();
  for (const m of code.matchAll(/(?:^|\n)\s*import\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g)) {
    if (/^\s*import\s+type\b/.test(m[0])) continue; // erased
    out.add(m[1]);
  }
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.add(m[1]);
  return [...out];
}

// 1. Read the READMEs.
const docs = [];
for (const name of names) {
  const file = path.join(root, 'packages', name, 'README.md');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
  const blocks = blocksOf(fs.readFileSync(file, 'utf8'));
  const installs = blocks.filter((b) => b.lang === 'sh' && installPackages(b));
  const code = blocks.filter((b) => ['ts', 'js', 'typescript', 'javascript'].includes(b.lang));
  if (installs.length === 0 || (code.length > 0 && installs[0].line > code[0].line)) {
    fail(`packages/${name}/README.md: wants an \`npm install\` line (a sh block) before its first code block`);
    continue;
  }
  const needsBackend = (pkg.peerDependencies ?? {})['@tensorflow/tfjs-core'] && !(pkg.peerDependenciesMeta?.['@tensorflow/tfjs-core']?.optional);
  for (const line of installs) {
    const words = installPackages(line);
    if (!words.includes(pkg.name)) fail(`packages/${name}/README.md:${line.line}: the install line does not install ${pkg.name}`);
    if (needsBackend && !words.some((p) => BACKENDS.includes(p))) {
      fail(`packages/${name}/README.md:${line.line}: the install line names no tfjs backend (e.g. @tensorflow/tfjs-backend-cpu)`);
    }
  }
  for (const block of code) {
    const above = installs.filter((b) => b.line < block.line).at(-1);
    const install = installPackages(above);
    for (const spec of importsOf(block.code)) {
      if (spec.startsWith('node:') || builtinModules.includes(spec) || spec.startsWith('.')) continue;
      if (!install.includes(packageName(spec))) {
        fail(`packages/${name}/README.md:${block.line}: the block imports ${spec}, which the install line above it (\`npm install ${install.join(' ')}\`) does not install`);
      }
    }
  }
  docs.push({ name, pkg, install: installs.flatMap(installWords), code });
}

// 2. Pack and install once.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-doc-test-'));
const tarballs = path.join(tmp, 'tarballs');
const project = path.join(tmp, 'project');
fs.mkdirSync(tarballs);
fs.mkdirSync(project);
const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npx', '--yes', 'pnpm@9.15.9'];
const ours = new Map();
for (const name of fs.readdirSync(path.join(root, 'packages')).sort()) {
  if (isPrivate(name)) continue;
  const dir = path.join(root, 'packages', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const out = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const tgz = out.trim().split('\n').pop().trim();
  ours.set(pkg.name, path.isAbsolute(tgz) ? tgz : path.join(tarballs, path.basename(tgz)));
}
const wanted = new Set(docs.flatMap((d) => d.install.filter((w) => !w.startsWith('-'))));
const flags = [...new Set(docs.flatMap((d) => d.install.filter((w) => w.startsWith('-'))))];
// An @aug package's @aug dependencies come from their tarballs too (they are not on the registry here).
const specs = [...ours.values()];
for (const p of wanted) {
  if (ours.has(p)) continue;
  specs.push(p.startsWith('@tensorflow/') && !/@[^/]*@/.test(p) ? `${p}@${TFJS_VERSION}` : p);
}
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'doc-test', private: true, version: '0.0.0', type: 'module' }));
console.log(`doc-test: installing ${[...wanted].sort().join(' ')} into ${project}`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...flags, ...specs], { cwd: project, stdio: 'inherit' });

// 3. A synthetic CIFAR-10 with the official layout and sizes (10,000 records per batch file), so the blocks
// that open the dataset run without a download.
const batchDir = path.join(project, 'data', 'CIFAR', 'cifar-10-batches-bin');
fs.mkdirSync(batchDir, { recursive: true });
const classes = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
fs.writeFileSync(path.join(batchDir, 'batches.meta.txt'), classes.join('\n') + '\n');
let state = 12345;
for (const file of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']) {
  const buf = Buffer.alloc(10_000 * 3073);
  for (let r = 0; r < 10_000; r++) {
    const label = r % 10;
    buf[r * 3073] = label;
    for (let p = 1; p < 3073; p++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      // class-dependent brightness plus noise: learnable, so a short training run moves
      buf[r * 3073 + p] = (label * 23 + (state >>> 26)) & 0xff;
    }
  }
  fs.writeFileSync(path.join(batchDir, file), buf);
}

// 4. Run every block.
let ran = 0;
for (const { name, code } of docs) {
  for (const [i, block] of code.entries()) {
    const label = `packages/${name}/README.md:${block.line}`;
    if (block.skip) {
      console.log(`skip ${label} (${block.skip})`);
      continue;
    }
    const js = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      reportDiagnostics: false,
    }).outputText;
    const file = path.join(project, `${name}-${i + 1}.mjs`);
    fs.writeFileSync(file, js);
    const started = Date.now();
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.AUG_DATA_DIR; // the blocks read data/CIFAR in the project
    delete env.AUG_BACKEND;
    const res = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: BLOCK_TIMEOUT_MS, env });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    ran++;
    if (res.status === 0) {
      console.log(`ok   ${label} (${secs} s)`);
    } else {
      const why = res.error ? String(res.error.message) : `exit ${res.status ?? res.signal}`;
      fail(`${label} (${why}, ${secs} s)\n${`${res.stdout}\n${res.stderr}`.trim().slice(-3000)}`);
    }
  }
}
if (failed === 0) fs.rmSync(tmp, { recursive: true, force: true });
else console.error(`doc-test: the project is kept at ${project}`);
console.log(`doc-test: ${ran} README blocks ran, ${failed} failure(s)`);
process.exit(failed ? 1 : 0);
