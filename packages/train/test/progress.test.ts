import { describe, expect, it } from 'vitest';
import { ProgressReporter, train } from '../src/index.js';
import type { Batch, BatchSource } from '../src/index.js';
import { recorder } from '@aug/test-utils';
import { ArrayLoader, separableData, smallBnNet } from './helpers.js';

describe('ProgressReporter', () => {
  it('draws an in-place bar on a TTY with batches, loss, acc, img/s and ETA', () => {
    let now = 0;
    const out = recorder(true, 100);
    const p = new ProgressReporter(out, { epochs: 2, batches: 4, now: () => now });
    p.startEpoch(0);
    for (let step = 1; step <= 4; step++) {
      now += 500;
      p.update({ step, loss: 1 / step, acc: 0.25 * step, imagesPerSec: 64 });
    }
    p.endEpoch('loss 0.250, train acc 1.000, test acc 0.900');
    expect(out.text).toContain('\r\x1b[2Kepoch 1/2 [');
    expect(out.text).toMatch(/epoch 1\/2 \[#+\.+\] 1\/4 loss 1\.000 acc 0\.250 64\.0 img\/s ETA 0:02/);
    expect(out.text).toMatch(/\[#+\] 4\/4 loss 0\.250 acc 1\.000 64\.0 img\/s ETA 0:00/);
    expect(out.text.endsWith('epoch 1/2 loss 0.250, train acc 1.000, test acc 0.900 (2.0 s)\n')).toBe(true);
    expect(out.text.split('\n')).toHaveLength(2); // one finished line per epoch, the bar was redrawn in place
  });

  it('throttles redraws to 10 per second but always draws the last batch', () => {
    let now = 0;
    const out = recorder(true, 100);
    const p = new ProgressReporter(out, { epochs: 1, batches: 100, now: () => now });
    p.startEpoch(0);
    for (let step = 1; step <= 100; step++) {
      now += 10; // 1 s in total
      p.update({ step, loss: 1, acc: 0.5, imagesPerSec: 1 });
    }
    const draws = out.text.split('\r').length - 1;
    expect(draws).toBeGreaterThanOrEqual(10);
    expect(draws).toBeLessThanOrEqual(12);
    expect(out.text).toContain('100/100');
  });

  it('prints a few plain lines per epoch when not a TTY (no carriage returns)', () => {
    const out = recorder(false, 100);
    let now = 0;
    const p = new ProgressReporter(out, { epochs: 1, batches: 20, now: () => now });
    p.startEpoch(0);
    for (let step = 1; step <= 20; step++) {
      now += 1000;
      p.update({ step, loss: 0.5, acc: 0.5, imagesPerSec: 10 });
    }
    p.endEpoch('done');
    const lines = out.text.trim().split('\n');
    expect(out.text).not.toContain('\r');
    expect(lines.map((l) => l.match(/step (\d+)\/20/)?.[1] ?? 'end')).toEqual(['4', '8', '12', '16', 'end']);
    expect(lines[0]).toBe('epoch 1/1 step 4/20 loss 0.500 acc 0.500 10.0 img/s ETA 0:16');
  });
});

describe('ProgressReporter in a real terminal', () => {
  // eslint-disable-next-line no-control-regex
  const visible = (chunk: string) => chunk.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
  const emptyLoader = (n: number): BatchSource => ({
    length: n,
    async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
      for (let i = 0; i < n; i++) yield { i } as unknown as Batch;
    },
  });

  it('fits the bar into the current width down to 60 columns, and falls back to plain lines below', () => {
    let now = 0;
    for (const columns of [160, 100, 60]) {
      const out = { ...recorder(true, 100), columns, chunks: [] as string[] };
      out.write = (chunk: string) => (out.chunks.push(chunk), true);
      const p = new ProgressReporter(out, { epochs: 10, batches: 1960, testBatches: 400, now: () => now });
      p.startEpoch(0);
      for (let step = 1; step <= 1960; step += 97) {
        now += 1000;
        p.update({ step, loss: 2.302585, acc: 0.123456, imagesPerSec: 12345.6 });
      }
      expect(out.chunks.length).toBeGreaterThan(5);
      for (const chunk of out.chunks) expect(visible(chunk).length, `${columns}: ${visible(chunk)}`).toBeLessThan(columns);
      expect(visible(out.chunks.at(-1)!)).toMatch(/loss 2\.303/);
      expect(visible(out.chunks.at(-1)!)).toMatch(/ETA \d+:\d\d/);
    }
    const narrow = { ...recorder(true, 100), columns: 59 };
    const p = new ProgressReporter(narrow, { epochs: 1, batches: 10, now: () => now });
    p.startEpoch(0);
    for (let step = 1; step <= 10; step++) p.update({ step, loss: 1, acc: 0.5, imagesPerSec: 1 });
    expect(narrow.text).not.toContain('\x1b');
    expect(narrow.text.trim().split('\n')).toHaveLength(4); // plain lines, as in a log
  });

  it('after a narrowing resize, erases the rows the old bar now wraps over', () => {
    let now = 0;
    const out = recorder(true, 100);
    out.columns = 160;
    const p = new ProgressReporter(out, { epochs: 3, batches: 100, now: () => now });
    p.startEpoch(0);
    now += 1000;
    p.update({ step: 1, loss: 1, acc: 0.5, imagesPerSec: 10 });
    const wide = visible(out.text).length; // > 60: wraps over 2 rows at 60 columns
    expect(wide).toBeGreaterThan(60);
    out.columns = 60;
    const before = out.text.length;
    now += 1000;
    p.update({ step: 2, loss: 1, acc: 0.5, imagesPerSec: 10 });
    const redraw = out.text.slice(before);
    expect(redraw.startsWith(`\r\x1b[${Math.ceil(wide / 60) - 1}A\x1b[2K`)).toBe(true);
    expect(redraw.endsWith('\x1b[J')).toBe(true); // the wrapped rest of the old bar is cleared
    expect(visible(redraw).length).toBeLessThan(60);
  });

  it('shows a bar while evaluating and an ETA for the whole run that counts the evaluations', async () => {
    let now = 0;
    const out = recorder(true, 100);
    const p = new ProgressReporter(out, { epochs: 2, batches: 10, testBatches: 5, now: () => now });
    p.startEpoch(0);
    for (let step = 1; step <= 10; step++) {
      now += 1000; // 1 s per training step
      p.update({ step, loss: 1, acc: 0.5, imagesPerSec: 10 });
    }
    // Before any evaluation: 10 training steps (10 s) + 2 evaluations of 5 batches at a third of a step.
    expect(out.text).toMatch(/10\/10 .*ETA 0:00 run 0:13/);
    const loader = p.evaluation(emptyLoader(5));
    let seen = 0;
    for await (const batch of loader) {
      expect(batch).toEqual({ i: seen++ });
      now += 500; // 0.5 s per test batch
    }
    expect(seen).toBe(5);
    expect(out.text).toMatch(/epoch 1\/2 test \[#+\] 5\/5 ETA 0:00 run 0:13/); // 10 x 1 s + 5 x 0.5 s
    p.endEpoch('done');
    p.startEpoch(1);
    now += 1000;
    p.update({ step: 1, loss: 1, acc: 0.5, imagesPerSec: 10 });
    expect(out.text).toMatch(/1\/10 .*run 0:12$/); // 9 x 1 s + 5 x 0.5 s, rounded
  });

  it("draws through a live view's status line when the stream has one: no cursor codes of its own", () => {
    const statuses: (string | null)[] = [];
    const lines: string[] = [];
    const view = { isTTY: true, columns: 80, write: (s: string) => lines.push(s), setStatus: (l: string | null) => statuses.push(l) };
    const p = new ProgressReporter(view, { epochs: 1, batches: 2, now: () => 0 });
    p.startEpoch(0);
    p.update({ step: 1, loss: 1, acc: 0.5, imagesPerSec: 10 });
    p.update({ step: 2, loss: 1, acc: 0.5, imagesPerSec: 10 });
    p.endEpoch('loss 1.000');
    expect(statuses.slice(0, -1).every((l) => typeof l === 'string' && l.startsWith('epoch 1/1 ['))).toBe(true);
    expect(statuses.at(-1)).toBeNull(); // removed before the summary line
    expect(lines).toEqual(['epoch 1/1 loss 1.000 (0.0 s)\n']);
  });
});

describe('train progress', () => {
  const run = async (tty: boolean) => {
    const out = recorder(tty, 100);
    const model = smallBnNet(1);
    const trainLoader = new ArrayLoader(separableData(20, 8, 3, 1), 2); // 10 batches
    const testLoader = new ArrayLoader(separableData(4, 8, 3, 2), 4);
    await train(model, trainLoader, testLoader, { epochs: 2, log: () => {}, progress: out });
    model.dispose();
    return out.text;
  };

  it('uses the bar on a TTY stream', async () => {
    const text = await run(true);
    expect(text).toContain('\r\x1b[2K');
    expect(text).toMatch(/epoch 2\/2 \[#+\] 10\/10 loss/);
    expect(text).toMatch(/epoch 1\/2 test \[#+\] 1\/1 ETA/); // the evaluation's bar
    expect(text.trim().split('\n').map((l) => l.replace(/[\s\S]*\r(\x1b\[\d*A)?\x1b\[(2K|J)/, ''))).toEqual([
      expect.stringMatching(/^epoch 1\/2 loss \d\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3} \(\d+\.\d s\)$/),
      expect.stringMatching(/^epoch 2\/2 loss /),
    ]);
  });

  it('uses plain lines elsewhere', async () => {
    const text = await run(false);
    expect(text).not.toContain('\r');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2 * 5); // 4 progress lines + 1 summary per epoch
    expect(lines[0]).toMatch(/^epoch 1\/2 step 2\/10 loss \d\.\d{3} acc \d\.\d{3} \d+\.\d img\/s ETA \d+:\d\d \(run \d+:\d\d\)$/);
  });
});
