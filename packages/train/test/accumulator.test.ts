import { describe, expect, it } from 'vitest';
import { Accumulator, Timer } from '../src/index.js';

describe('Accumulator', () => {
  it('adds per slot, reads with get, resets to zero (d2l semantics)', () => {
    const m = new Accumulator(3);
    m.add(1, 2, 3);
    m.add(0.5, 1, 10);
    expect([m.get(0), m.get(1), m.get(2)]).toEqual([1.5, 3, 13]);
    expect(m.toArray()).toEqual([1.5, 3, 13]);
    m.reset();
    expect(m.toArray()).toEqual([0, 0, 0]);
    m.set([4, 5, 6]);
    expect(m.get(2)).toBe(6);
  });

  it('rejects wrong arity and bad indices with clear errors', () => {
    expect(() => new Accumulator(0)).toThrow(/positive integer, got 0/);
    const m = new Accumulator(2);
    expect(() => m.add(1)).toThrow(/expected 2 values/);
    expect(() => m.get(2)).toThrow(/index must be an integer in \[0, 1\], got 2/);
    expect(() => m.set([1])).toThrow(/expected 2 numbers/);
  });
});

describe('Timer', () => {
  it('starts on creation; stop returns seconds; avg, sum and cumsum over the records', () => {
    let now = 1000;
    const t = new Timer({ now: () => now });
    now += 500;
    expect(t.stop()).toBe(0.5);
    t.start();
    now += 1500;
    expect(t.stop()).toBe(1.5);
    now += 9999; // not timed: no start()
    t.start();
    now += 1000;
    expect(t.stop()).toBe(1);
    expect(t.times).toEqual([0.5, 1.5, 1]);
    expect(t.sum()).toBe(3);
    expect(t.avg()).toBe(1);
    expect(t.cumsum()).toEqual([0.5, 2, 3]);
  });

  it('is empty-safe', () => {
    const t = new Timer({ now: () => 0 });
    expect(t.avg()).toBe(0);
    expect(t.sum()).toBe(0);
    expect(t.cumsum()).toEqual([]);
  });
});
