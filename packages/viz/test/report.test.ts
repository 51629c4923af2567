import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Image } from '@aug/transforms';
import { afterAll, describe, expect, it } from 'vitest';
import { Animator } from '../src/animator.js';
import { finalMetrics, writeReport } from '../src/report.js';
import { showImages } from '../src/show-images.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'aug-viz-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

function tile(v: number): Image {
  return { data: new Uint8Array(16 * 16 * 3).fill(v), height: 16, width: 16, channels: 3 };
}

const grid1 = () => showImages([tile(10), tile(120), tile(250)], 1, 3, { scale: 0.5, titles: ['a', 'b', 'c'] });

function makeReport(out: string): string {
  const a = new Animator({ xlabel: 'epoch', xlim: [1, 3], ylim: [0, 1], legend: ['train loss', 'train acc', 'test acc'] });
  for (let e = 1; e <= 3; e++) a.add(e, [1 / (e + 1), e / 4, e / 5]);
  return writeReport(out, {
    title: 'CIFAR-10 <flip> run',
    curves: a,
    grids: [
      { title: 'training images', figure: grid1() },
      { title: 'flip gallery', figure: showImages([tile(60)], 1, 1, { scale: 0.5 }) },
    ],
    history: { 'train loss': [0.9, 0.5, 0.25], 'test acc': [0.4, null, 0.6] },
    config: { epochs: 3, lr: 0.001, augs: 'flip', sizes: [32, 32] },
  });
}

describe('writeReport', () => {
  it('writes one self-contained index.html: inline SVG curves, data-URI PNG grids, final metrics, configuration', () => {
    const path = makeReport(join(dir, 'run1'));
    expect(path).toBe(join(dir, 'run1', 'index.html'));
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<title>CIFAR-10 &lt;flip&gt; run</title>');
    expect((html.match(/<svg /g) ?? []).length).toBe(1);
    expect((html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<th>train loss<\/th><td class="num">0.25<\/td>/);
    expect(html).toMatch(/<th>test acc<\/th><td class="num">0.6<\/td>/);
    expect(html).toMatch(/<th>sizes<\/th><td><code>\[32,32\]<\/code>/);
    // no network: no external URL anywhere but the SVG namespace
    const text = html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '').replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, '');
    expect(text).not.toMatch(/(https?:)?\/\/[a-z]/i);
    expect(html).not.toMatch(/<script|<link /);
  });

  it('takes the metrics from the Animator when no history is given, and an SVG string as curves', () => {
    const a = new Animator({ legend: ['loss'] });
    a.add(1, 0.5);
    a.add(2, 0.25);
    const html = readFileSync(writeReport(join(dir, 'run2'), { title: 't', curves: a.toSVG() }), 'utf8');
    expect(html).toContain('<svg ');
    expect(html).not.toContain('Final metrics');
    const html2 = readFileSync(writeReport(join(dir, 'run3'), { title: 't', curves: a }), 'utf8');
    expect(html2).toMatch(/<th>loss<\/th><td class="num">0.25<\/td>/);
    expect(finalMetrics([{ loss: 1, acc: 0.5 }, { loss: 0.5, acc: null }])).toEqual([['loss', 0.5], ['acc', 0.5]]);
  });

  it("takes per-epoch records typed as an interface of numbers (train's EpochSummary) without a cast", () => {
    interface EpochSummaryLike {
      epoch: number;
      trainLoss: number;
      testAcc: number;
    }
    const epochs: EpochSummaryLike[] = [
      { epoch: 1, trainLoss: 0.9, testAcc: 0.5 },
      { epoch: 2, trainLoss: 0.6, testAcc: 0.7 },
    ];
    const html = readFileSync(writeReport(join(dir, 'run-records'), { title: 't', history: epochs }), 'utf8');
    expect(html).toMatch(/<th>testAcc<\/th><td class="num">0.7<\/td>/);
    expect(finalMetrics(epochs)).toEqual([['epoch', 2], ['trainLoss', 0.6], ['testAcc', 0.7]]);
    interface WithText {
      epoch: number;
      note: string;
    }
    // @ts-expect-error a string field is not a metric
    finalMetrics([] as WithText[]);
  });

  it('gives clear errors for bad curves and an unwritable folder', () => {
    expect(() => writeReport(join(dir, 'x'), { title: 't', curves: 'not svg' })).toThrow(/curves must be an Animator or an SVG document/);
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect(() => writeReport(join(file, 'sub'), { title: 't' })).toThrow(/cannot write report to '.*plain-file\/sub\/index\.html'/);
  });

  const browserTest = 'renders in headless Chromium: the chart paths and the grid images show';
  it.skipIf(CHROMIUM === undefined)(
    CHROMIUM === undefined ? `${browserTest} (skipped: Chromium is not installed; apt-get install chromium)` : browserTest,
    async () => {
    const path = makeReport(join(dir, 'browser'));
    // A copy of the report with a probe that writes what rendered into the DOM (the report itself has no script).
    const probe = `<script>
      window.addEventListener('load', () => {
        const imgs = [...document.images].map((i) => i.complete && i.naturalWidth > 0 ? i.naturalWidth + 'x' + i.naturalHeight : 'broken');
        const svg = document.querySelector('svg');
        const paths = [...document.querySelectorAll('path.series')].map((p) => Math.round(p.getTotalLength()));
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        const pre = document.createElement('pre');
        pre.id = 'probe';
        pre.textContent = JSON.stringify({ imgs, paths, svg: [Math.round(box.width), Math.round(box.height)] });
        document.body.appendChild(pre);
      });
    </script>`;
    const html = readFileSync(path, 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/, (_m, csp: string) => `<meta http-equiv="Content-Security-Policy" content="${csp}; script-src 'unsafe-inline'">`)
      .replace('</body>', `${probe}</body>`);
    const probed = join(dir, 'browser', 'probe.html');
    writeFileSync(probed, html);
    const profile = mkdtempSync(join(tmpdir(), 'aug-viz-chromium-'));
    try {
      const { stdout } = await run(
        CHROMIUM!,
        [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=5000',
          '--dump-dom', `file://${probed}`,
        ],
        { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      );
      const m = /<pre id="probe">([^<]*)<\/pre>/.exec(stdout);
      expect(m, 'the probe script ran').not.toBeNull();
      const result = JSON.parse(m![1]!.replace(/&quot;/g, '"')) as { imgs: string[]; paths: number[]; svg: [number, number] };
      expect(result.imgs).toEqual([`${grid1().width}x${grid1().height}`, '50x50']);
      expect(result.paths).toHaveLength(3);
      expect(result.paths.every((l) => l > 50)).toBe(true); // each line is drawn with real length
      expect(result.svg[0]).toBeGreaterThan(200);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  },
  );
});
