// A WorkerDataset for the tests: async get, non-classification samples drawn from the sample rng
// (an image, a boxes target, a float weight, an int id, a soft label, a name). Registered under
// 'Shapes' so worker threads rebuild it (DataLoader option workerImports: [this file]). `failAt`
// makes get(failAt) throw a custom error with a code and a file field.
import { registerDataset } from '@aug/data';

export class CorruptShapeError extends Error {
  constructor(file) {
    super(`shape file ${file} is corrupt`);
    this.name = 'CorruptShapeError';
    this.code = 'SHAPE_CORRUPT';
    this.file = file;
  }
}

export class Shapes {
  constructor(length, failAt = -1) {
    this.length = length;
    this.failAt = failAt;
  }
  async get(i, rng) {
    await new Promise((r) => setTimeout(r, (i * 7) % 3)); // finish out of order
    if (i === this.failAt) throw new CorruptShapeError(`/data/shapes/${i}.bin`);
    const r = () => (rng ? rng.next() : 0.5);
    const data = Float32Array.from({ length: 4 * 4 * 3 }, () => r());
    const x = r() * 2;
    return {
      image: { data, height: 4, width: 4, channels: 3 },
      boxes: { kind: 'boundingBoxes', data: Float32Array.of(x, x, x + 1, x + 2), format: 'xyxy', canvasSize: [4, 4] },
      weight: r(),
      id: i,
      soft: [r(), r(), r()],
      name: `shape-${i}`,
    };
  }
  toWorkerSpec() {
    return { type: 'Shapes', options: { length: this.length, failAt: this.failAt } };
  }
}

registerDataset('Shapes', (o) => new Shapes(o.length, o.failAt));

// Counts how often this thread built a Counted dataset: every sample reports the count at get time, so a
// worker that rebuilt the dataset per batch would report more than 1.
let builds = 0;
export class Counted {
  constructor(length) {
    this.length = length;
    builds++;
  }
  get(i) {
    return { i, builds };
  }
  toWorkerSpec() {
    return { type: 'Counted', options: { length: this.length } };
  }
}
registerDataset('Counted', (o) => new Counted(o.length));
