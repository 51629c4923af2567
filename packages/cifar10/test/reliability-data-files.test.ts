// Reliability: damaged data folders are named errors, not silently wrong datasets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cifar10, CorruptDataError } from '../src/index.js';
import { tempDir, writeLayout } from '@aug/test-utils';

describe('batches.meta.txt', () => {
  it('with 3 class names instead of 10 is a CorruptDataError naming the file', () => {
    const root = tempDir();
    const dir = writeLayout(root);
    writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\nbird\n\n');
    const error = (() => {
      try {
        new Cifar10({ root, verify: 'size' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CorruptDataError);
    expect(error).toMatchObject({ code: 'CORRUPT_DATA', file: join(dir, 'batches.meta.txt') });
    expect((error as Error).message).toMatch(/names 3 classes \(cat, dog, bird\), expected CIFAR-10's 10, one per line/);
  });

  it('with the 10 names (and blank lines) loads', () => {
    const root = tempDir();
    writeLayout(root);
    expect(new Cifar10({ root, verify: 'size' }).classes).toHaveLength(10);
  });
});
