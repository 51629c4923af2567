import { describe, expect, it } from 'vitest';
import { ProgressReporter, train } from '../src/index.js';
import { ArrayLoader, recorder, separableData, smallBnNet } from './helpers.js';

describe('ProgressReporter', () => {
  it('draws an in-place bar on a TTY with batches, loss, acc, img/s and ETA', () => {
    let now = 0;
    const out = recorder(true);
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
    const out = recorder(true);
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
    const out = recorder(false);
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

describe('train progress', () => {
  const run = async (tty: boolean) => {
    const out = recorder(tty);
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
    expect(text.trim().split('\n').map((l) => l.replace(/[\s\S]*\r\x1b\[2K/, ''))).toEqual([
      expect.stringMatching(/^epoch 1\/2 loss \d\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3} \(\d+\.\d s\)$/),
      expect.stringMatching(/^epoch 2\/2 loss /),
    ]);
  });

  it('uses plain lines elsewhere', async () => {
    const text = await run(false);
    expect(text).not.toContain('\r');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2 * 5); // 4 progress lines + 1 summary per epoch
    expect(lines[0]).toMatch(/^epoch 1\/2 step 2\/10 loss \d\.\d{3} acc \d\.\d{3} \d+\.\d img\/s ETA \d+:\d\d$/);
  });
});
