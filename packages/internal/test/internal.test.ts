import { describe, expect, it } from 'vitest';
import {
  UINT8_TO_UNIT, assertInteger, assertPositiveInteger, clampByte, describeValue, fisherYates, permutation, toUint8,
} from '../src/index.js';

/** A deterministic uniform source (an LCG), enough to exercise the shuffles. */
function lcg(seed: number): { next(): number } {
  let s = seed >>> 0;
  return {
    next: () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    },
  };
}

describe('assertInteger', () => {
  it('returns integers within the bounds', () => {
    expect(assertInteger(3, 'n')).toBe(3);
    expect(assertInteger(0, 'n', { min: 0, max: 0 })).toBe(0);
    expect(assertPositiveInteger(1, 'n')).toBe(1);
  });

  it('throws TypeError for a non-number and RangeError for a bad number, naming the argument', () => {
    expect(() => assertInteger('3', 'n')).toThrow(TypeError);
    expect(() => assertInteger('3', 'n')).toThrow('n must be an integer, got "3"');
    expect(() => assertInteger(1.5, 'epoch', { min: 0, where: 'DataLoader' })).toThrow(new RangeError('DataLoader: epoch must be an integer >= 0, got 1.5'));
    expect(() => assertInteger(65, 'numWorkers', { min: 0, max: 64 })).toThrow('numWorkers must be an integer in [0, 64], got 65');
    expect(() => assertInteger(9, 'k', { max: 8 })).toThrow('k must be an integer <= 8, got 9');
    expect(() => assertPositiveInteger(Number.NaN, 'width', { hint: 'pass 64' })).toThrow(new RangeError('width must be a positive integer, got NaN; pass 64'));
    expect(() => assertPositiveInteger(2 ** 53, 'n')).toThrow(RangeError);
  });
});

describe('describeValue', () => {
  it('formats strings, arrays, objects and odd values', () => {
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue([1, 'a', [null]])).toBe('[1, "a", [null]]');
    expect(describeValue({ a: 1 })).toBe('{"a":1}');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(10n)).toBe('10');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
    const long = describeValue(Array.from({ length: 100 }, (_, i) => i));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('fisherYates / permutation', () => {
  it('gives a permutation of 0..n-1, the same for the same stream, and uses every draw', () => {
    const a = permutation(100, lcg(1));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, lcg(1))).toEqual(a);
    expect(permutation(100, lcg(2))).not.toEqual(a);
    const arr = Array.from({ length: 100 }, (_, i) => i);
    expect(fisherYates(arr, lcg(1))).toBe(arr);
    expect(arr).toEqual([...a]);
  });

  it('draws j = floor(u * (i + 1)) from the last index down', () => {
    const draws = [0.99, 0, 0.5];
    let k = 0;
    // i = 3: j = floor(0.99 * 4) = 3; i = 2: j = 0; i = 1: j = floor(0.5 * 2) = 1.
    expect(fisherYates(['a', 'b', 'c', 'd'], { next: () => draws[k++]! })).toEqual(['c', 'b', 'a', 'd']);
  });

  it('is uniform over the 6 orders of 3 items', () => {
    const rng = lcg(7);
    const counts = new Map<string, number>();
    for (let t = 0; t < 6000; t++) {
      const key = permutation(3, rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('reuses `into` when it has length n', () => {
    const into = new Int32Array(5);
    expect(permutation(5, lcg(3), into)).toBe(into);
    expect(permutation(4, lcg(3), into)).not.toBe(into);
  });
});

describe('pixels', () => {
  it('UINT8_TO_UNIT is v / 255 in float32', () => {
    expect(UINT8_TO_UNIT).toHaveLength(256);
    for (let v = 0; v < 256; v++) expect(UINT8_TO_UNIT[v]).toBe(Math.fround(v / 255));
  });

  it('toUint8 rounds v * 255 to nearest, clamps and maps NaN to 0; it inverts UINT8_TO_UNIT', () => {
    expect([0, 0.5, 1, -0.2, 1.7, Number.NaN, 0.5 / 255, 0.49 / 255].map(toUint8)).toEqual([0, 128, 255, 0, 255, 0, 1, 0]);
    for (let v = 0; v < 256; v++) expect(toUint8(UINT8_TO_UNIT[v]!)).toBe(v);
    expect([-1, 0.4, 254.5, 300, Number.NaN].map(clampByte)).toEqual([0, 0, 255, 255, 0]);
  });
});

describe('fsAdvice', () => {
  const err = (code: string): Error => Object.assign(new Error(`raw ${code}`), { code });
  it('explains the errno codes worth explaining and names what to pass instead', async () => {
    const { fsAdvice } = await import('../src/index.js');
    expect(fsAdvice(err('ENOSPC'), 'a folder')).toBe('the disk is full (ENOSPC): free some space or use a folder on another disk');
    expect(fsAdvice(err('EDQUOT'), 'a folder')).toMatch(/quota .*use a folder on another disk/);
    expect(fsAdvice(err('EACCES'), 'a checkpointDir')).toBe('no permission to write there (EACCES): use a checkpointDir you can write to');
    expect(fsAdvice(err('EPERM'), 'x')).toMatch(/\(EPERM\)/);
    expect(fsAdvice(err('EROFS'), 'x')).toMatch(/read-only \(EROFS\): use x on a writable disk/);
    expect(fsAdvice(err('ENOTDIR'), 'x')).toMatch(/a file stands where a folder is needed \(ENOTDIR\)/);
    expect(fsAdvice(err('EIO'), 'x')).toBe('raw EIO');
    expect(fsAdvice('plain', 'x')).toBe('plain');
  });

  it('fsReadAdvice explains the read failures worth explaining and passes the rest through', async () => {
    const { fsReadAdvice } = await import('../src/index.js');
    const err = (code: string) => Object.assign(new Error(`raw ${code}`), { code });
    expect(fsReadAdvice(err('ENOENT'))).toBe('it does not exist (ENOENT)');
    expect(fsReadAdvice(err('EACCES'))).toMatch(/^no permission to read it \(EACCES\): give your user read access/);
    expect(fsReadAdvice(err('EPERM'))).toMatch(/\(EPERM\)/);
    expect(fsReadAdvice(err('EISDIR'))).toMatch(/a folder stands where a file is needed/);
    expect(fsReadAdvice(err('ENOTDIR'))).toMatch(/a file stands where a folder is needed/);
    expect(fsReadAdvice(err('EIO'))).toMatch(/read error \(EIO\)/);
    expect(fsReadAdvice(err('EMFILE'))).toMatch(/ulimit -n/);
    expect(fsReadAdvice(err('EXDEV'))).toBe('raw EXDEV');
    expect(fsReadAdvice(null)).toBe('null');
  });
});

describe('formatDuration', () => {
  it('reads as a clock, and -- when unknown', async () => {
    const { formatDuration } = await import('../src/index.js');
    expect([formatDuration(0), formatDuration(5.4), formatDuration(65), formatDuration(3599.6), formatDuration(3725)]).toEqual(['0:00', '0:05', '1:05', '1:00:00', '1:02:05']);
    expect([formatDuration(undefined), formatDuration(Number.NaN), formatDuration(-1), formatDuration(Infinity)]).toEqual(['--:--', '--:--', '--:--', '--:--']);
  });
});
