#!/usr/bin/env node
// Training speed in the page, per backend the headless Chromium here offers: the built site (vite build
// first) from a local static server, window.augBench(backend, { width, batch, steps }) on the training
// page, one fresh page per backend. WebGPU needs --enable-unsafe-webgpu on Linux; here WebGL and WebGPU
// run on SwiftShader (software).
//   node bench/page-speed.mjs [wasm webgl webgpu] [--width 8 --batch 32 --steps 6]
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const flag = (name, def) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
const backends = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const width = flag('width', 8);
const batch = flag('batch', 32);
const stepsFor = { wasm: flag('steps', 6), webgl: Math.min(flag('steps', 6), 4), webgpu: Math.min(flag('steps', 6), 3), cpu: 3 };
const dist = resolve(import.meta.dirname, '..', 'dist');
if (!existsSync(join(dist, 'train.html'))) throw new Error('build the site first: pnpm -F browser-example build');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };
const server = createServer((req, res) => {
  const file = normalize(join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/train.html`;
const profile = mkdtempSync(join(tmpdir(), 'aug-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.AUG_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'],
});
try {
  for (const backend of backends.length > 0 ? backends : ['wasm', 'webgl', 'webgpu']) {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${backend}: uncaught ${e.message}`));
    await page.goto(url);
    const steps = stepsFor[backend] ?? 3;
    const r = await page.evaluate(([b, o]) => window.augBench(b, o), [backend, { width, batch, steps }]).catch((e) => ({ error: String(e.message ?? e) }));
    if ('error' in r) console.log(`page ${backend}: failed: ${r.error}`);
    else console.log(`page ${backend}: ${r.imgPerSec.toFixed(1)} img/s (ResNet-18 width ${width}, batch ${batch}; steps ms ${r.stepMs.map((t) => t.toFixed(0)).join(', ')}, first = warm-up) on ${r.backend}`);
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.close();
}
