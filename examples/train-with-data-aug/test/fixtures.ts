import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/**
 * Writes a tiny CIFAR-10 in the official binary layout (1 label byte + R, G, B planes of 32x32) into a fresh
 * temp folder: `perFile` records in each of the five training files and `test` in test_batch.bin. Each class
 * has its own colour so a model can learn it.
 */
export function writeTinyCifar(perFile = 8, test = 16): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-example-'));
  const dir = path.join(root, 'cifar-10-batches-bin');
  fs.mkdirSync(dir);
  let n = 0;
  const batch = (count: number): Buffer => {
    const buf = Buffer.alloc(count * 3073);
    for (let r = 0; r < count; r++, n++) {
      const label = n % 10;
      const o = r * 3073;
      buf[o] = label;
      for (let c = 0; c < 3; c++) {
        const level = (label * 37 + c * 91) % 256;
        for (let p = 0; p < 1024; p++) buf[o + 1 + c * 1024 + p] = (level + ((p * 7 + n) % 23)) % 256;
      }
    }
    return buf;
  };
  for (let i = 1; i <= 5; i++) fs.writeFileSync(path.join(dir, `data_batch_${i}.bin`), batch(perFile));
  fs.writeFileSync(path.join(dir, 'test_batch.bin'), batch(test));
  fs.writeFileSync(path.join(dir, 'batches.meta.txt'), CLASSES.join('\n') + '\n\n');
  return root;
}
