import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileSynced } from '../src/node/index.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'aug-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const dir = folder();
    const file = join(dir, 'model.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('keeps the old file and removes the temporary one when the rename fails', async () => {
    const dir = folder();
    const target = join(dir, 'taken');
    // A non-empty folder cannot be replaced by a file: the rename fails after the data was written.
    await writeFileSynced(join(dir, 'keep.txt'), 'x');
    mkdirSync(join(target, 'inner'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/) });
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'taken']);
    expect(readdirSync(target)).toEqual(['inner']);
  });

  it('fails on a missing folder without creating anything', async () => {
    const dir = folder();
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'f.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
