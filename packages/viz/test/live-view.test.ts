import { describe, expect, it } from 'vitest';
import { Animator } from '../src/animator.js';
import { recorder } from '@aug/test-utils';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

describe('live view', () => {
  it('prints one plain line per add when the stream is not a TTY, nulls left out', () => {
    const out = recorder(false);
    const warnings: string[] = [];
    const a = new Animator({ xlabel: 'epoch', legend: ['train loss', 'train acc', 'test acc'], live: out, onWarning: (m) => warnings.push(m) });
    a.add(0.5, [0.91234, 0.6, null]);
    a.add(1, [null, null, 0.65]);
    a.add(1.5, [Number.NaN, 0.7, null]);
    expect(out.text).toBe('epoch 0.5: train loss 0.9123, train acc 0.6\nepoch 1: test acc 0.65\nepoch 1.5: train loss NaN, train acc 0.7\n');
    expect(out.text).not.toMatch(ANSI);
    expect(warnings).toHaveLength(1); // the NaN: shown in the log line, left out of the chart
  });

  it('redraws a braille chart in place on a TTY', () => {
    const out = recorder(true, 60);
    const a = new Animator({ xlabel: 'epoch', xlim: [0, 4], ylim: [0, 1], legend: ['loss', 'acc'] }).attach(out, { color: true, rows: 6 });
    a.add(1, [0.9, 0.3]);
    const first = out.text;
    const lines = first.split('\n').length - 1;
    expect(first).not.toContain('\x1b[A'); // nothing to move over yet
    a.add(2, [0.5, 0.6]);
    const second = out.text.slice(first.length);
    expect(second.startsWith(`\r\x1b[${lines}A`)).toBe(true); // back to the chart's first line
    expect(second.split('\n').length - 1).toBe(lines); // same height: overwritten, not appended
    const plain = second.replace(ANSI, '');
    expect(plain).toMatch(/[\u2801-\u28ff]/); // braille dots drawn
    expect(plain).toContain('loss 0.5');
    expect(plain).toContain('acc 0.6');
    expect(plain).toContain('epoch');
    expect(second).toContain('\x1b[34m'); // loss in blue, as C0
    expect(second).toContain('\x1b[35m'); // acc in magenta ('m--')
    expect(plain.split('\n').every((l) => [...l].length <= 60)).toBe(true);
  });

  it('draws the line between points: the dots reach from one end of the plot to the other', () => {
    const out = recorder(true, 60);
    const a = new Animator({ xlim: [0, 1], ylim: [0, 1], live: out, liveOptions: { color: false, rows: 4 } });
    a.add(0, 0);
    a.add(1, 1);
    const frame = out.text.slice(out.text.lastIndexOf('\r')).replace(ANSI, '');
    const rows = frame.split('\n').filter((l) => l.includes('\u2502'));
    expect(rows).toHaveLength(4);
    // top row ends with dots at the right, bottom row starts with dots at the left
    const body = rows.map((r) => r.slice(r.indexOf('\u2502') + 1));
    expect(body[0]!.trimEnd().at(-1)).toMatch(/[\u2801-\u28ff]/);
    expect(body[3]![0]).toMatch(/[\u2801-\u28ff]/);
  });

  it('detach stops printing; a non-stream is refused', () => {
    const out = recorder(false);
    const a = new Animator({ live: out });
    a.add(1, 1);
    a.detach();
    a.add(2, 2);
    expect(out.text.split('\n')).toHaveLength(2);
    expect(() => new Animator({ live: {} as never })).toThrow(/live must be a writable stream/);
  });

  it('keeps a status line under the chart and prints lines above it (a progress bar and epoch summaries)', () => {
    const out = recorder(true, 100);
    const a = new Animator({ xlim: [0, 2], ylim: [0, 1], legend: ['loss'], live: out, liveOptions: { color: false, rows: 5 } });
    const view = a.liveView!;
    expect(view.isTTY).toBe(true);
    a.add(1, 0.5);
    const chartLines = out.text.split('\n').length - 1;
    view.setStatus('epoch 1/2 [#####.....] 5/10');
    const withStatus = out.text.slice(out.text.lastIndexOf('\r'));
    expect(withStatus.startsWith(`\r\x1b[${chartLines}A\x1b[2K`)).toBe(true);
    expect(withStatus.replace(ANSI, '').trimEnd().split('\n').at(-1)).toBe('epoch 1/2 [#####.....] 5/10');
    view.write('epoch 1/2 loss 0.500 (1.0 s)\n');
    const after = out.text.slice(out.text.lastIndexOf('\r'));
    // erase the chart and the status line, print the summary, then the chart and the status again under it
    expect(after.startsWith(`\r\x1b[${chartLines + 1}A\x1b[2Kepoch 1/2 loss 0.500 (1.0 s)\x1b[K\n`)).toBe(true);
    expect(after.split('\n').length - 1).toBe(1 + chartLines + 1);
    view.setStatus(null);
    expect(out.text.slice(out.text.lastIndexOf('\r')).split('\n').length - 1).toBe(chartLines);
    a.detach(); // the chart stays; nothing more is drawn
    const done = out.text.length;
    a.add(2, 0.25);
    expect(out.text.length).toBe(done);
  });

  it('after a narrowing resize, erases every row the old frame now wraps over; below 60 columns, plain lines', () => {
    const out = recorder(true, 160);
    const a = new Animator({ xlim: [0, 4], ylim: [0, 1], legend: ['train loss', 'train acc'], live: out, liveOptions: { color: false, rows: 6 } });
    a.add(1, [0.9, 0.3]);
    const frame = out.text.replace(ANSI, '').split('\n').slice(0, -1);
    expect(Math.max(...frame.map((l) => [...l].length))).toBeGreaterThan(60); // drawn for 160 columns
    out.columns = 60;
    const before = out.text.length;
    a.add(2, [0.5, 0.6]);
    const redraw = out.text.slice(before);
    const rowsAt60 = frame.reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / 60)), 0);
    expect(rowsAt60).toBeGreaterThan(frame.length); // the wide lines wrap now
    expect(redraw.startsWith(`\r\x1b[${rowsAt60}A\x1b[2K`)).toBe(true);
    expect(redraw.endsWith('\n\x1b[J')).toBe(true); // the rest of the taller, wrapped old frame is cleared
    expect(redraw.replace(ANSI, '').split('\n').every((l) => [...l].length < 60)).toBe(true);
    out.columns = 59;
    const narrow = out.text.length;
    a.add(3, [0.4, 0.7]);
    const plain = out.text.slice(narrow);
    expect(plain.startsWith('\r\x1b[')).toBe(true); // the old frame is erased once
    expect(plain.replace(/^\r\x1b\[\d+A\x1b\[J/, '')).toBe('x 3: train loss 0.4, train acc 0.7\n');
  });

  it('keeps the frame shorter than the terminal', () => {
    const out = { ...recorder(true, 100), rows: 12 };
    const a = new Animator({ xlim: [0, 4], ylim: [0, 1], legend: ['loss'], live: out, liveOptions: { color: false, rows: 20 } });
    a.liveView!.setStatus('bar');
    a.add(1, 0.5);
    const last = out.text.slice(out.text.lastIndexOf('\r'));
    expect(last.split('\n').length - 1).toBeLessThan(12);
  });
});
