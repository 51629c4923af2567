#!/usr/bin/env node
// `pnpm bench`: runs every package's benchmark one after another (never in parallel: they time the CPU),
// then writes one table of all figures, each with its same-run baseline and ratio, to
// bench-results/summary.md and bench-results/summary.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.env.AUG_BENCH_OUT ?? path.join(root, 'bench-results');
fs.mkdirSync(out, { recursive: true });
const only = process.argv.slice(2);

const build = spawnSync(path.join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const failures = [];
for (const dir of ['packages', 'examples'].flatMap((d) => fs.readdirSync(path.join(root, d)).map((n) => path.join(root, d, n)))) {
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) continue;
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  if (!pkg.scripts?.bench) continue;
  if (only.length && !only.some((o) => pkg.name.includes(o))) continue;
  console.log(`\n=== ${pkg.name}: ${pkg.scripts.bench}`);
  const r = spawnSync('npm', ['run', '--silent', 'bench'], { cwd: dir, stdio: 'inherit', env: { ...process.env, AUG_BENCH_OUT: out } });
  if (r.status !== 0) failures.push(pkg.name);
}

const rows = [];
for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'summary.json').sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
  for (const row of report.rows ?? []) rows.push({ package: report.package, ...row });
}
const fmt = (v) => (v == null ? '' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const md = [
  `# aug benchmarks`,
  '',
  `${new Date().toISOString()} on ${machine}. Ratios are value / baseline measured in the same run (higher is better).`,
  '',
  '| package | figure | value | unit | baseline | baseline value | ratio | notes |',
  '| --- | --- | ---: | --- | --- | ---: | ---: | --- |',
  ...rows.map((r) => `| ${r.package} | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.baseline?.name ?? ''} | ${fmt(r.baseline?.value)} | ${r.ratio == null ? '' : r.ratio.toFixed(2) + 'x'} | ${r.notes ?? ''} |`),
  '',
].join('\n');
fs.writeFileSync(path.join(out, 'summary.md'), md);
fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2) + '\n');
console.log('\n' + md);
if (failures.length) {
  console.error(`bench: failed: ${failures.join(', ')}`);
  process.exit(1);
}
