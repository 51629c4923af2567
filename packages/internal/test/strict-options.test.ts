import { describe, expect, it } from 'vitest';
import { checkOptions, nearestKey, optionKeys } from '../src/index.js';

interface LoaderOptions { batchSize?: number; shuffle?: boolean; numWorkers?: number; checkpointDir?: string; optimizer?: string; train?: boolean }
const KEYS = optionKeys<LoaderOptions>({ batchSize: true, shuffle: true, numWorkers: true, checkpointDir: true, optimizer: true, train: true });

describe('checkOptions', () => {
  it('passes undefined, empty and valid options', () => {
    expect(() => checkOptions(undefined, KEYS, 'DataLoader')).not.toThrow();
    expect(() => checkOptions({}, KEYS, 'DataLoader')).not.toThrow();
    expect(() => checkOptions({ batchSize: 2, shuffle: undefined }, KEYS, 'DataLoader')).not.toThrow();
  });

  it('names the unknown key and the nearest valid one', () => {
    expect(() => checkOptions({ shufle: true }, KEYS, 'DataLoader')).toThrow(
      new TypeError('DataLoader: unknown option "shufle" (did you mean "shuffle"?); the options are batchSize, shuffle, numWorkers, checkpointDir, optimizer, train'),
    );
    const cases: [string, string][] = [['num_workers', 'numWorkers'], ['batchsize', 'batchSize'], ['checkpointdir', 'checkpointDir'], ['optimiser', 'optimizer'], ['trian', 'train']];
    for (const [typo, want] of cases) expect(nearestKey(typo, KEYS)).toBe(want);
    expect(() => checkOptions({ unrelatedThing: 1 }, KEYS, 'X')).toThrow(/unknown option "unrelatedThing"; the options/);
  });

  it('rejects a non-object', () => {
    expect(() => checkOptions(3, KEYS, 'DataLoader')).toThrow(new TypeError('DataLoader: options must be an object, got 3'));
    expect(() => checkOptions(null, KEYS, 'DataLoader')).toThrow(TypeError);
    expect(() => checkOptions([1], KEYS, 'DataLoader')).toThrow(TypeError);
  });

  it('optionKeys lists every key of the type', () => {
    expect(KEYS).toEqual(['batchSize', 'shuffle', 'numWorkers', 'checkpointDir', 'optimizer', 'train']);
    // @ts-expect-error a key missing from the record does not compile
    optionKeys<LoaderOptions>({ batchSize: true });
  });
});
