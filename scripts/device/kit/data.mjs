// The kit's data/: a slice of real CIFAR-10 (the first records of each batch file, xz'd and cached), or
// data/SYNTHETIC.txt when there is none (the training step then generates CIFAR-shaped records).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cached, copyTree, ROOT, run, say, xzFile } from './common.mjs';

const DEFAULT_CIFAR = join(ROOT, '..', 'shared', 'data', 'cifar-10-dev.tar.gz');
const RECORD = 3073;

/** The first `train` training records (spread over the 5 batch files) and `test` test records, xz'd. */
export function data(stage, cache, train, test, noData) {
  const source = process.env.AUG_DEVICE_CIFAR || DEFAULT_CIFAR;
  if (noData || !existsSync(source)) {
    const why = noData ? '--no-data was passed' : `${source} is absent (a fresh clone without ../shared)`;
    mkdirSync(join(stage, 'data'), { recursive: true });
    writeFileSync(
      join(stage, 'data', 'SYNTHETIC.txt'),
      `No CIFAR-10 in this kit: ${why}.\nThe training step generates CIFAR-shaped synthetic records instead ` +
        `(class-coloured striped noise, scripts/device/app/synthetic-cifar.mjs): the speed numbers are unaffected, ` +
        `the accuracy curve only shows that training works.\n`,
    );
    say(`data: synthetic (${why})`);
    return { kind: 'synthetic', why };
  }
  const st = statSync(source);
  const key = createHash('sha1').update(`${source}:${st.size}:${st.mtimeMs}:${train}:${test}`).digest('hex').slice(0, 12);
  const dir = cached(cache, `cifar-${train}-${test}-${key}`, (tmp) => {
    const raw = mkdtempSync(join(tmpdir(), 'aug-kit-cifar-'));
    try {
      say(`slicing ${source}: ${train} training + ${test} test records (xz; cached)`);
      run('tar', ['-xzf', source, '-C', raw]);
      const bin = join(raw, 'cifar-10-batches-bin');
      const out = join(tmp, 'cifar-10-batches-bin');
      mkdirSync(out, { recursive: true });
      const per = Math.ceil(train / 5);
      const take = (file, n) => {
        const buf = readFileSync(join(bin, file));
        if (buf.length < n * RECORD) throw new Error(`${file} in ${source} holds ${buf.length / RECORD} records, fewer than the ${n} asked for`);
        writeFileSync(join(raw, file), buf.subarray(0, n * RECORD));
        xzFile(join(raw, file), join(out, `${file}.xz`));
      };
      for (let b = 1; b <= 5; b++) take(`data_batch_${b}.bin`, Math.max(1, Math.min(per, train - per * (b - 1))));
      take('test_batch.bin', test);
      copyFileSync(join(bin, 'batches.meta.txt'), join(out, 'batches.meta.txt'));
    } finally {
      rmSync(raw, { recursive: true, force: true });
    }
  });
  copyTree(dir, join(stage, 'data'));
  say(`data: real CIFAR-10, ${train} training + ${test} test images from ${basename(source)}`);
  return { kind: 'cifar10', source: basename(source), trainImages: train, testImages: test, perTrainBatchFile: Math.ceil(train / 5) };
}
