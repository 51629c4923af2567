// End to end, in a real browser: the BUILT site (vite build; built here when dist/ is missing) served by a
// tiny static server on 127.0.0.1 and opened in the system Chromium (playwright-core, never a downloaded
// browser). The playground's gallery must equal @aug/transforms in Node byte for byte; bad input must give a
// message on the page, never a blank page or an uncaught exception; the training page must train (loss
// falls, curves drawn, test accuracy per epoch) and stop on Stop. Screenshots go to docs/ (the README
// shows them) with AUG_UPDATE_SCREENSHOTS=1, else to a temporary folder. Skips with a message where /usr/bin/chromium is absent (scripts/ci-extras.sh installs it).
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { boundingBoxes, createRng, transformFromJSON, type Image, type TransformSpec } from '@aug/transforms';
import { decodePng, drawBoundingBoxes } from '@aug/viz';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, DIST_DIR, EXAMPLE_DIR, ensureBuilt, launchChromium, serveStatic } from './harness.js';

const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`browser-example e2e: skipped: no Chromium at ${CHROMIUM} (scripts/ci-extras.sh installs Debian's; AUG_CHROMIUM points elsewhere)`);
// Screenshots land in docs/ (the README shows them) only when asked, so a test run leaves the checkout clean.
const DOCS = process.env.AUG_UPDATE_SCREENSHOTS === '1' ? join(EXAMPLE_DIR, 'docs') : mkdtempSync(join(tmpdir(), 'aug-browser-shots-'));

interface GalleryEntry {
  width: number;
  height: number;
  channels: number;
  dtype: 'uint8' | 'float32';
  base64: string;
}
interface PlaygroundState {
  picture: string;
  seed: number;
  spec: TransformSpec | null;
  ms: number | null;
  gallery: GalleryEntry[];
  error: string | null;
  runs: number;
}

/** A pipeline with geometry, colour and a policy: every kind of random draw the gallery makes. */
const PIPELINE: TransformSpec = {
  type: 'Compose',
  transforms: [
    { type: 'RandomHorizontalFlip', options: { p: 0.5 } },
    { type: 'ColorJitter', options: { brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 } },
    { type: 'RandomResizedCrop', options: { size: [48, 48], scale: [0.1, 1], ratio: [0.5, 2] } },
    { type: 'RandomRotation', options: { degrees: [-20, 20] } },
    { type: 'TrivialAugmentWide' },
  ],
};

/** The shipped PNG as Node decodes it (pngjs through @aug/viz), RGB uint8 HWC. */
function nodePicture(file: string): Image {
  const { width, height, data } = decodePng(readFileSync(join(EXAMPLE_DIR, 'public', 'data', 'pictures', file)));
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) rgb.set(data.subarray(4 * p, 4 * p + 3), 3 * p);
  return { data: rgb, height, width, channels: 3 };
}

/** The pixel the test pictures have at (x, y): RGB, or RGBA with semi-transparent alpha. */
const pixelAt = (x: number, y: number, alpha: boolean): number[] => (alpha ? [x & 255, y & 255, (x * 7 + y) & 255, (x * 3 + 40) & 255] : [x & 255, y & 255, (x + y) & 255]);

/** A PNG of `width` x `height` (a colour ramp; RGBA with varying alpha when `alpha`), written with Node's zlib. */
function pngOf(width: number, height: number, alpha = false): Buffer {
  const c = alpha ? 4 : 3;
  const raw = Buffer.alloc((width * c + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixelAt(x, y, alpha), y * (width * c + 1) + 1 + c * x);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    let c = 0xffffffff;
    for (const b of Buffer.concat([head.subarray(4), body])) c = crcTable[(c ^ b) & 255]! ^ (c >>> 8);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe.skipIf(!HAVE_CHROMIUM)('the built site in the system Chromium', () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const problems: string[] = [];

  const playground = (): Promise<PlaygroundState> => page.evaluate(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground);
  async function loadPipeline(spec: TransformSpec | string): Promise<void> {
    await page.fill('#json', typeof spec === 'string' ? spec : JSON.stringify(spec));
    await page.click('#load-json');
  }
  async function setSeed(seed: number): Promise<void> {
    await page.fill('#seed', String(seed));
    await page.locator('#seed').dispatchEvent('change');
  }

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(DOCS, { recursive: true });
    server = await serveStatic(DIST_DIR);
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('playground: the gallery equals @aug/transforms in Node byte for byte (same picture, pipeline, seed)', async () => {
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.runs >= 1);
    await page.selectOption('#picture-select', 'cifar-cat.png');
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.picture === 'cifar-cat.png');
    await loadPipeline(PIPELINE);
    await setSeed(7);
    await page.waitForFunction(() => {
      const s = (window as unknown as { augPlayground: PlaygroundState }).augPlayground;
      return s.seed === 7 && s.spec?.transforms?.length === 5;
    });
    const state = await playground();
    expect(state.error).toBeNull();
    expect(state.gallery).toHaveLength(8);

    // Node: the same spec (as the page shows it), the same picture, the same seed.
    const transform = transformFromJSON(state.spec!);
    const rng = createRng(7);
    const img = nodePicture('cifar-cat.png');
    state.gallery.forEach((entry, i) => {
      const expected = transform.apply(img, rng);
      const bytes = Buffer.from(new Uint8Array(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength));
      expect([entry.width, entry.height, entry.channels, entry.dtype]).toEqual([expected.width, expected.height, expected.channels, 'uint8']);
      expect(Buffer.from(entry.base64, 'base64').equals(bytes), `gallery image ${i + 1}`).toBe(true);
    });
    // and what the first canvas shows is that image
    const shown = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#gallery canvas')!;
      return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.filter((_, k) => k % 4 !== 3));
    });
    expect(Buffer.from(shown).equals(Buffer.from(state.gallery[0]!.base64, 'base64'))).toBe(true);
    await page.screenshot({ path: join(DOCS, 'playground.png'), fullPage: true });
  });

  it('playground: the 512 x 512 photo with its boxes, d2l chain (gallery latency logged)', async () => {
    await page.selectOption('#picture-select', 'photo.png');
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.picture === 'photo.png');
    await page.click('#d2l-button');
    const times: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      await setSeed(seed);
      await page.waitForFunction((s) => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.seed === s, seed);
      times.push((await playground()).ms!);
    }
    times.sort((a, b) => a - b);
    console.info(`playground: d2l chain, 2x4 gallery of the 512x512 photo: median ${times[2]!.toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`);
    const state = await playground();
    expect(state.error).toBeNull();
    expect(state.gallery.every((g) => g.width === 200 && g.height === 200)).toBe(true);
    expect(await page.locator('#gallery figure').count()).toBe(8);
    // the boxes went through the same draws and are drawn as drawBoundingBoxes draws them in Node
    const shipped = (JSON.parse(readFileSync(join(EXAMPLE_DIR, 'public', 'data', 'pictures.json'), 'utf8')) as { file: string; boxes: { box: number[]; label: string }[] }[]).find((p) => p.file === 'photo.png')!;
    const transform = transformFromJSON(state.spec!);
    const rng = createRng(5);
    const sample = { image: nodePicture('photo.png'), boxes: boundingBoxes(shipped.boxes.flatMap((b) => b.box), { format: 'xyxy', canvasSize: [512, 512] }), labels: shipped.boxes.map((_, i) => i) };
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('#gallery canvas')].map((c) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, k) => k % 4 !== 3))),
    );
    shown.forEach((pixels, i) => {
      const out = transform.apply(sample, rng);
      expect(Buffer.from(out.image.data).equals(Buffer.from(state.gallery[i]!.base64, 'base64')), `photo image ${i + 1}`).toBe(true);
      const drawn = drawBoundingBoxes(out.image, out.boxes, { labels: out.labels.map((k) => shipped.boxes[k]!.label), width: 1 });
      expect(Buffer.from(pixels).equals(Buffer.from(drawn.data)), `photo canvas ${i + 1}`).toBe(true);
    });
    await page.screenshot({ path: join(DOCS, 'playground-photo.png'), fullPage: true });
  });

  it("playground: an RGBA PNG with semi-transparent pixels decodes exactly, alpha dropped as PIL's convert('RGB')", async () => {
    await page.click('#clear-button');
    await page.setInputFiles('#file-input', { name: 'alpha.png', mimeType: 'image/png', buffer: pngOf(40, 30, true) });
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.picture === 'alpha.png');
    const state = await playground();
    expect(state.spec).toEqual({ type: 'Compose', transforms: [] });
    const expected: number[] = [];
    for (let y = 0; y < 30; y++) for (let x = 0; x < 40; x++) expected.push(...pixelAt(x, y, true).slice(0, 3));
    expect(Buffer.from(state.gallery[0]!.base64, 'base64').equals(Buffer.from(expected))).toBe(true);
    expect(await page.locator('#picture-note').textContent()).toMatch(/alpha channel is dropped/);
  });

  it('playground: bad input gives a message naming the problem, and the page keeps working', async () => {
    const message = page.locator('#message');
    // a file that is not a picture
    await page.setInputFiles('#file-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect.poll(() => message.textContent()).toMatch(/"notes\.txt" is not a picture this browser can decode/);
    // a huge picture: downscaled, with a note
    await page.setInputFiles('#file-input', { name: 'huge.png', mimeType: 'image/png', buffer: pngOf(3000, 2000) });
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.picture === 'huge.png', undefined, { timeout: 60_000 });
    expect(await page.locator('#picture-note').textContent()).toMatch(/Downscaled from 3000 x 2000 to 1024 x 683/);
    expect(await message.isHidden()).toBe(true);
    // invalid JSON, an unknown transform
    await loadPipeline('{"type": "Compose", "transforms": [');
    await expect.poll(() => message.textContent()).toMatch(/The pasted pipeline cannot be loaded: .*not valid JSON/);
    await loadPipeline('{"type": "Sharpen"}');
    await expect.poll(() => message.textContent()).toMatch(/Unknown transform type "Sharpen"/);
    // an option out of range: the library's RangeError, naming the option
    await page.selectOption('#picture-select', 'cifar-dog.png');
    // wait for the picture: its canvas changes the layout, and a click during that shift can miss the button
    await page.waitForFunction(() => (window as unknown as { augPlayground: PlaygroundState }).augPlayground.picture === 'cifar-dog.png');
    await loadPipeline({ type: 'Compose', transforms: [{ type: 'RandomHorizontalFlip', options: { p: 0.5 } }] });
    await page.fill('#steps li:nth-child(1) input[name=p]', '2');
    await page.locator('#steps li:nth-child(1) input[name=p]').dispatchEvent('change');
    await expect.poll(() => message.textContent()).toMatch(/The pipeline cannot be built: RangeError: .*\bp\b/);
    await page.screenshot({ path: join(DOCS, 'playground-error.png') });
    // a size that does not parse: the field named
    await loadPipeline({ type: 'Compose', transforms: [{ type: 'RandomResizedCrop', options: { size: [24, 24] } }] });
    await expect.poll(() => message.isHidden()).toBe(true);
    const size = page.locator('#steps li:nth-child(1) input[name=size]');
    await size.fill('big');
    await size.dispatchEvent('change');
    await expect.poll(() => message.textContent()).toMatch(/step 1 \(RandomResizedCrop\): size must be a number or numbers/);
    // still alive: a good value brings the gallery back
    await size.fill('24, 24');
    await size.dispatchEvent('change');
    await expect.poll(() => message.isHidden()).toBe(true);
    expect(await page.locator('#gallery figure').count()).toBe(8);
  });

  it('training page: a few steps on the best backend; loss falls, curves and test accuracy appear; Stop stops', async () => {
    await page.goto(`${server.url}/train.html?train=128&test=64&epochs=2&batch=32&width=8&augs=flip&autostart=1`);
    type Train = { backend: { name: string; description: string; reason: string; skipped: { name: string; reason: string }[] } | null; running: boolean; runs: { points: { trainLoss: number; testAcc: number | null }[]; history: { aborted: boolean; examplesPerSec: number; stoppedAt: { epoch: number } } | null; error: string | null }[] };
    const read = (): Promise<Train> => page.evaluate(() => (window as unknown as { augTrain: Train }).augTrain);
    await page.waitForFunction(() => {
      const s = (window as unknown as { augTrain: Train }).augTrain;
      return s.runs.length > 0 && (s.runs[0]!.history !== null || s.runs[0]!.error !== null);
    }, undefined, { timeout: 280_000, polling: 500 });
    const state = await read();
    const run = state.runs[0]!;
    expect(run.error).toBeNull();
    const backend = state.backend!;
    console.info(`training page: ${backend.description}: ${backend.reason}; ${run.history!.examplesPerSec.toFixed(1)} img/s; skipped: ${backend.skipped.map((s) => `${s.name} (${s.reason.slice(0, 80)})`).join('; ')}`);
    expect(['webgpu', 'webgl', 'wasm']).toContain(backend.name);
    expect(await page.locator('#backend').textContent()).toContain(backend.description);
    for (const s of backend.skipped) expect(s.reason.length).toBeGreaterThan(10);
    const losses = run.points.map((p) => p.trainLoss);
    expect(losses.length).toBeGreaterThanOrEqual(8);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(run.points.filter((p) => p.testAcc !== null)).toHaveLength(2);
    expect(await page.locator('#epochs-table tbody tr').count()).toBe(2);
    const svg = await page.locator('#curves svg').first().innerHTML();
    expect(svg).toMatch(/<(path|polyline)/);
    expect(svg).toContain('train loss');
    await page.screenshot({ path: join(DOCS, 'train.png'), fullPage: true });

    // Stop: a long run, stopped after its first update
    await page.fill('input[name=epochs]', '50');
    await page.fill('input[name=train]', '64');
    await page.click('#start');
    await page.waitForFunction(() => {
      const s = (window as unknown as { augTrain: Train }).augTrain;
      return s.runs.length === 2 && s.runs[1]!.points.length >= 1;
    }, undefined, { timeout: 120_000, polling: 250 });
    await page.click('#stop');
    await page.waitForFunction(() => !(window as unknown as { augTrain: Train }).augTrain.running, undefined, { timeout: 120_000, polling: 250 });
    const stopped = (await read()).runs[1]!;
    expect(stopped.history!.aborted).toBe(true);
    expect(stopped.history!.stoppedAt.epoch).toBeLessThan(5);
    expect(await page.locator('#status').textContent()).toMatch(/stopped at epoch/);
  });

  it('no console errors and no uncaught exceptions on either page', () => {
    expect(problems).toEqual([]);
  });
});
