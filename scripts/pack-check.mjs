#!/usr/bin/env node
// Packs every package as it would be published (`pnpm pack`: workspace:^ ranges become real versions),
// installs the tarballs into an empty project with npm, and checks that every export-map entry can be
// both `import`ed and `require`d there. Also checks that every tarball ships LICENSE and README.md and that
// every relative link or image in a README points at a file inside the tarball (so it works on the npm
// page), and that @aug/viz installed with --legacy-peer-deps (no tfjs-core) imports and draws.
// Needs the packages built and the npm registry (for the tfjs peers).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-pack-'));
const tarballs = path.join(tmp, 'tarballs');
const project = path.join(tmp, 'project');
fs.mkdirSync(tarballs);
fs.mkdirSync(project);
const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npx', '--yes', 'pnpm@9.15.9'];

// Private workspace packages (@aug/internal, @aug/test-utils) are never published: skip them.
const packages = fs.readdirSync(path.join(root, 'packages')).map((name) => {
  const dir = path.join(root, 'packages', name);
  return { dir, pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) };
}).filter(({ pkg }) => !pkg.private);
// The published packages this check must always cover (a package folder that went missing or private fails loudly).
for (const must of ['@aug/transforms', '@aug/data', '@aug/cifar10', '@aug/models', '@aug/backend', '@aug/train', '@aug/viz']) {
  if (!packages.some(({ pkg }) => pkg.name === must)) {
    console.error(`pack-check: ${must} is not among the published packages in packages/`);
    process.exit(1);
  }
}
const files = [];
for (const { dir, pkg } of packages) {
  const out = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const tgz = out.trim().split('\n').pop().trim();
  files.push(path.isAbsolute(tgz) ? tgz : path.join(tarballs, path.basename(tgz)));
  console.log(`packed ${pkg.name}@${pkg.version}`);
}
let failed = 0;
// Every tarball ships LICENSE and README.md, and the README's relative links resolve inside it.
for (const [i, { pkg }] of packages.entries()) {
  const listed = new Set(
    execFileSync('tar', ['tzf', files[i]], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, '')),
  );
  for (const must of ['LICENSE', 'README.md']) {
    if (!listed.has(must)) {
      failed++;
      console.error(`FAIL ${pkg.name}: the tarball has no ${must} (add it to "files")`);
    }
  }
  const readme = execFileSync('tar', ['xzf', files[i], '-O', 'package/README.md'], { encoding: 'utf8' });
  for (const m of readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)) {
    const target = m[1].split('#')[0];
    if (!target || /^[a-z]+:/i.test(target)) continue; // absolute URL or anchor
    const rel = path.posix.normalize(target.replace(/^\.\//, ''));
    const inTarball = listed.has(rel) || [...listed].some((f) => f.startsWith(`${rel.replace(/\/$/, '')}/`));
    if (!inTarball) {
      failed++;
      console.error(`FAIL ${pkg.name}: README links to ${m[1]}, which is not in the tarball (broken on the npm page): use an absolute URL or ship it`);
    }
  }
  console.log(`ok   ${pkg.name}: LICENSE, README.md and the README's relative links are in the tarball`);
  // @aug/internal is never published: a declaration that imports it (instead of the copy that the build
  // makes of @aug/internal/types) leaves the package's types broken for every user.
  for (const f of [...listed].filter((name) => /\.d\.c?ts$/.test(name))) {
    const text = execFileSync('tar', ['xzf', files[i], '-O', `package/${f}`], { encoding: 'utf8' });
    if (/['"]@aug\/internal/.test(text)) {
      failed++;
      console.error(`FAIL ${pkg.name}: ${f} imports @aug/internal, which is not published (export the type from @aug/internal/types)`);
    }
  }
}

fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, version: '0.0.0' }));
const peers = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'];
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...peers], { cwd: project, stdio: 'inherit' });

for (const { pkg } of packages) {
  for (const key of Object.keys(pkg.exports)) {
    if (key.endsWith('package.json')) continue;
    const spec = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    for (const [mode, code] of [
      ['import', `import(${JSON.stringify(spec)}).then((m) => { if (!Object.keys(m).length) throw new Error('no exports'); })`],
      ['require', `const m = require(${JSON.stringify(spec)}); if (!Object.keys(m).length) throw new Error('no exports');`],
    ]) {
      try {
        execFileSync(process.execPath, ['-e', code], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
        console.log(`ok   ${mode} ${spec}`);
      } catch (err) {
        failed++;
        console.error(`FAIL ${mode} ${spec}\n${String(err.stderr ?? err.message).slice(0, 2000)}`);
      }
    }
  }
}
// @aug/viz without tfjs-core: what npm --legacy-peer-deps, yarn classic or pnpm without auto-installed peers
// give. The functions that take no tensors must import and work.
const bare = path.join(tmp, 'viz-without-tfjs');
fs.mkdirSync(bare);
fs.writeFileSync(path.join(bare, 'package.json'), JSON.stringify({ name: 'viz-without-tfjs', private: true, version: '0.0.0' }));
const tarballOf = (name) => files[packages.findIndex(({ pkg }) => pkg.name === name)];
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', tarballOf('@aug/viz'), tarballOf('@aug/transforms')], {
  cwd: bare,
  stdio: 'inherit',
});
const vizCheck = `
  if (require('node:fs').existsSync('node_modules/@tensorflow/tfjs-core')) throw new Error('tfjs-core was installed: the check tests nothing');
  const img = { data: new Uint8Array(8 * 8 * 3).fill(200), height: 8, width: 8, channels: 3 };
  const check = (viz) => {
    const png = viz.showImages([img, img], 1, 2, { scale: 0.5 }).toPNG();
    if (png.length < 100 || png.readUInt32BE(0) !== 0x89504e47) throw new Error('showImages gave no PNG');
    const animator = new viz.Animator({ legend: ['loss'] });
    animator.add(1, [0.5]);
    animator.add(2, [0.25]);
    if (!animator.toSVG().includes('<svg')) throw new Error('Animator gave no SVG');
  };`;
for (const [mode, code] of [
  ['import', `${vizCheck} import('@aug/viz').then(check);`],
  ['require', `${vizCheck} check(require('@aug/viz'));`],
]) {
  try {
    execFileSync(process.execPath, ['-e', code], { cwd: bare, stdio: ['ignore', 'ignore', 'pipe'] });
    console.log(`ok   ${mode} @aug/viz without @tensorflow/tfjs-core (--legacy-peer-deps): showImages, Animator`);
  } catch (err) {
    failed++;
    console.error(`FAIL ${mode} @aug/viz without @tensorflow/tfjs-core\n${String(err.stderr ?? err.message).slice(0, 2000)}`);
  }
}

fs.rmSync(tmp, { recursive: true, force: true });
if (failed) {
  console.error(`pack-check: ${failed} entry point(s) failed`);
  process.exit(1);
}
console.log('pack-check: every entry point imports and requires from the packed tarballs');
