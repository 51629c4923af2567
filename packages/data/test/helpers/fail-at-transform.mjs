// A transform that throws on the sample whose first pixel equals `index` (registered for worker threads
// through DataLoader's workerImports). Used by loader-child.mjs.
import { registerTransform } from '@aug/transforms';

export class FailAt {
  constructor(index) {
    this.index = index;
  }
  apply(im) {
    if (im.data[0] === this.index) throw new Error('bad pixel in sample');
    return im;
  }
  toJSON() {
    return { type: 'FailAt', options: { index: this.index } };
  }
}
registerTransform('FailAt', (o) => new FailAt(o.index));
