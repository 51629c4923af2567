// A WorkerDataset over image files (for loader-child.mjs): the workers read and decode the files
// themselves with readImage; a corrupt file raises @aug/data's ImageDecodeError there.
import { readImage, registerDataset } from '@aug/data';

export class FileDataset {
  constructor(files) {
    this.files = files;
  }
  get length() {
    return this.files.length;
  }
  async get(i) {
    return { image: await readImage(this.files[i], { mode: 'rgb' }), label: i % 10 };
  }
  toWorkerSpec() {
    return { type: 'FileDataset', options: { files: this.files } };
  }
}

registerDataset('FileDataset', (o) => new FileDataset(o.files));
