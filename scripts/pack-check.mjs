#!/usr/bin/env node
// Packs every package as it would be published (`pnpm pack`: workspace:^ ranges become real versions),
// installs the tarballs into an empty project with npm, and checks that every export-map entry can be
// both `import`ed and `require`d there. Needs the packages built and the npm registry (for the tfjs peers).
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

const packages = fs.readdirSync(path.join(root, 'packages')).map((name) => {
  const dir = path.join(root, 'packages', name);
  return { dir, pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) };
});
const files = [];
for (const { dir, pkg } of packages) {
  const out = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8' });
  const tgz = out.trim().split('\n').pop().trim();
  files.push(path.isAbsolute(tgz) ? tgz : path.join(tarballs, path.basename(tgz)));
  console.log(`packed ${pkg.name}@${pkg.version}`);
}
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, version: '0.0.0' }));
const peers = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'];
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...peers], { cwd: project, stdio: 'inherit' });

let failed = 0;
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
fs.rmSync(tmp, { recursive: true, force: true });
if (failed) {
  console.error(`pack-check: ${failed} entry point(s) failed`);
  process.exit(1);
}
console.log('pack-check: every entry point imports and requires from the packed tarballs');
