import { learnablePixel, writeTinyCifar as writeShared } from '@aug/test-utils';

const labelOf = (i: number): number => i % 10;

/**
 * A tiny CIFAR-10 in the official binary layout in a fresh temp folder (returned): `perFile` records in each of
 * the five training files and `test` in test_batch.bin, labels cycling through the ten classes, each class its
 * own colour so that a model can learn it (`@aug/test-utils`' writer with `learnablePixel`).
 */
export function writeTinyCifar(perFile = 8, test = 16): string {
  return writeShared(perFile, test, { label: labelOf, pixel: learnablePixel(labelOf), testFirst: 5 * perFile, readmeBytes: 0 });
}
