import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '@aug/test-utils';
import { createRng, functional, RandomHorizontalFlip, type JsonValue } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { DataError } from '../src/errors.js';
import { NotADatasetError } from '../src/datasets/errors.js';
import { ImageFolder } from '../src/datasets/image-folder.js';
import { IMG_EXTENSIONS } from '../src/datasets/scan-folder.js';
import { datasetFromSpec } from '../src/worker-dataset.js';

// Made by scripts/make_dataset_fixtures.py from real CIFAR-10 pictures (sources.bin holds them raw, HWC).
const ROOT = fileURLToPath(new URL('./fixtures/image-folder', import.meta.url));
const SOURCES = new Uint8Array(readFileSync(join(ROOT, 'sources.bin')));
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { path: string; source: number }[];

function source(k: number): Uint8Array {
  return SOURCES.subarray(k * 3072, (k + 1) * 3072);
}

// torchvision 0.14's find_classes/make_dataset on this folder (python3 -c "... make_dataset('image-folder', ...)").
const TORCHVISION_SAMPLES: [string, number][] = [
  ['Zebra/z1.png', 0], ['Zebra/z2.JPG', 0], ['Zebra/z3.Png', 0], ['Zebra/sub/z4.jpeg', 0],
  ['apple/a1.png', 1], ['apple/a2.jpeg', 1], ['apple/a3.PNG', 1], ['apple/a4.jpg', 1],
  ['bird/b1.png', 2], ['bird/b2.JPEG', 2], ['bird/b4-gray.png', 2], ['bird/nested/deeper/b3.png', 2],
];

describe('ImageFolder: the scan (torchvision semantics)', () => {
  const folder = new ImageFolder(ROOT);

  it('sorts classes by code point as Python (Zebra before apple), recursive, case-insensitive extensions', () => {
    expect(folder.classes).toEqual(['Zebra', 'apple', 'bird']);
    expect(['apple', 'Zebra', 'bird'].sort((a, b) => a.localeCompare(b))).toEqual(['apple', 'bird', 'Zebra']); // locale order differs
    expect({ ...folder.classToIdx }).toEqual({ Zebra: 0, apple: 1, bird: 2 });
    expect(folder.samples.map(([p, c]) => [p, c])).toEqual(TORCHVISION_SAMPLES.map(([p, c]) => [join(ROOT, p), c]));
    expect(folder.targets).toEqual(TORCHVISION_SAMPLES.map((s) => s[1]));
    expect(folder.length).toBe(12);
    expect(folder.samples.some(([p]) => p.endsWith('.txt'))).toBe(false); // notes.txt skipped, README.txt is no class
    expect(IMG_EXTENSIONS).toEqual(['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp']);
  });

  it('walks as sorted(os.walk(...)): folder paths by code point, then sorted names (checked against torchvision)', () => {
    const root = tempDir('aug-if-sort-');
    for (const d of ['cls/sub/deep', 'cls/sub-x', 'cls/Sub']) mkdirSync(join(root, d), { recursive: true });
    for (const f of ['cls/b.png', 'cls/B.png', 'cls/a.png', 'cls/sub/x.png', 'cls/sub/deep/y.png', 'cls/sub-x/z.png', 'cls/Sub/w.png', 'cls/é.png', 'cls/e.png']) {
      writeFileSync(join(root, f), '');
    }
    // torchvision 0.14 on the same tree: 'cls/sub-x' sorts before 'cls/sub/deep' ('-' < '/').
    const expected = ['cls/B.png', 'cls/a.png', 'cls/b.png', 'cls/e.png', 'cls/é.png', 'cls/Sub/w.png', 'cls/sub/x.png', 'cls/sub-x/z.png', 'cls/sub/deep/y.png'];
    expect(new ImageFolder(root).samples.map(([p]) => p)).toEqual(expected.map((p) => join(root, p)));
  });

  it('extensions and isValidFile select files; both at once is a TypeError', () => {
    const png = new ImageFolder(ROOT, { extensions: ['.png'] });
    expect(png.samples.map(([p]) => p.slice(ROOT.length + 1))).toEqual([
      'Zebra/z1.png', 'Zebra/z3.Png', 'apple/a1.png', 'apple/a3.PNG', 'bird/b1.png', 'bird/b4-gray.png', 'bird/nested/deeper/b3.png',
    ]);
    const seen: string[] = [];
    const jpegs = new ImageFolder(ROOT, { isValidFile: (p) => (seen.push(p), /\.jpe?g$/i.test(p)) });
    expect(jpegs.length).toBe(5);
    expect(seen).toContain(join(ROOT, 'apple', 'notes.txt')); // called with the full path of every file
    expect(() => new ImageFolder(ROOT, { extensions: ['.png'], isValidFile: () => true })).toThrow(TypeError);
    expect(() => new ImageFolder(ROOT, { extensions: ['.png'], isValidFile: () => true })).toThrow(/extensions and options.isValidFile/);
    expect(new ImageFolder(ROOT, { extensions: '.PNG' }).samples).toEqual(png.samples); // one string, as torchvision's str
    expect(() => new ImageFolder(ROOT, { extensions: [3] as unknown as string[] })).toThrow(/options.extensions must be a file ending or an array of them.*\[3\]/);
    expect(() => new ImageFolder('' as string)).toThrow(TypeError);
  });

  it('follows symbolic links to folders and does not hang on a link loop', () => {
    const root = tempDir('aug-if-links-');
    mkdirSync(join(root, 'cls'));
    mkdirSync(join(root, 'elsewhere'));
    cpSync(join(ROOT, 'apple', 'a1.png'), join(root, 'cls', 'a.png'));
    cpSync(join(ROOT, 'apple', 'a3.PNG'), join(root, 'elsewhere', 'b.png'));
    symlinkSync(join(root, 'cls'), join(root, 'cls', 'loop')); // cls/loop -> cls
    symlinkSync(join(root, 'elsewhere'), join(root, 'cls', 'linked')); // followed, as followlinks=True
    symlinkSync(join(root, 'elsewhere'), join(root, 'linked-class')); // a linked class folder
    const folder = new ImageFolder(root);
    expect(folder.classes).toEqual(['cls', 'elsewhere', 'linked-class']);
    expect(folder.samples.map(([p, c]) => [p.slice(root.length + 1), c])).toEqual([
      ['cls/a.png', 0], ['cls/linked/b.png', 0], ['elsewhere/b.png', 1], ['linked-class/b.png', 2],
    ]);
  });
});

describe('ImageFolder: not a dataset', () => {
  it('a missing path, a file, a folder without class folders: NotADatasetError naming the path and what it holds', () => {
    const missing = join(tempDir('aug-if-missing-'), 'nope');
    const cases: [string, RegExp][] = [
      [missing, /does not exist/],
      [join(ROOT, 'README.txt'), /is a file, not a folder/],
      [join(ROOT, 'apple'), /found no class folder in .*apple.*5 files \("a1\.png", "a2\.jpeg", "a3\.PNG", "a4\.jpg", "notes\.txt"\)/],
    ];
    for (const [path, message] of cases) {
      let error: unknown;
      try {
        new ImageFolder(path);
      } catch (e) {
        error = e;
      }
      expect(NotADatasetError.isInstance(error), path).toBe(true);
      expect(DataError.isInstance(error)).toBe(true);
      const e = error as NotADatasetError;
      expect(e.code).toBe('NOT_A_DATASET');
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
      expect(e.message).toContain(JSON.stringify(path));
    }
  });

  it('a class folder without a valid file names the folder and the extensions, unless allowEmpty', () => {
    const root = tempDir('aug-if-empty-');
    cpSync(ROOT, root, { recursive: true });
    mkdirSync(join(root, 'empty', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'empty', 'deeper', 'readme.md'), 'no image');
    let error: unknown;
    try {
      new ImageFolder(root);
    } catch (e) {
      error = e;
    }
    expect(NotADatasetError.isInstance(error)).toBe(true);
    const e = error as NotADatasetError;
    expect(e.path).toBe(join(root, 'empty'));
    expect(e.message).toContain('found no valid file for the classes empty');
    expect(e.message).toContain(JSON.stringify(join(root, 'empty')));
    expect(e.message).toContain('Supported extensions are: .jpg, .jpeg, .png, .ppm, .bmp, .pgm, .tif, .tiff, .webp');
    expect(() => new ImageFolder(root, { isValidFile: (p) => p.endsWith('.png') })).toThrow(/No file passed isValidFile/);
    const kept = new ImageFolder(root, { allowEmpty: true });
    expect(kept.classes).toEqual(['Zebra', 'apple', 'bird', 'empty']);
    expect(kept.length).toBe(12);
  });
});

describe('ImageFolder.get: decoded real pictures', () => {
  const folder = new ImageFolder(ROOT);

  it('PNGs decode to the CIFAR-10 source pixels, RGB', async () => {
    for (const { path, source: k } of MANIFEST.filter((m) => /\.png$/i.test(m.path) && !m.path.includes('gray'))) {
      const i = folder.samples.findIndex(([p]) => p === join(ROOT, path));
      const { image, label } = await folder.get(i);
      expect(label).toBe(folder.targets[i]);
      expect([image.height, image.width, image.channels]).toEqual([32, 32, 3]);
      expect(image.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(image.data).equals(Buffer.from(source(k))), path).toBe(true);
    }
  });

  it('JPEGs decode close to the source; a grey PNG becomes 3 equal channels (convert("RGB"))', async () => {
    for (const { path, source: k } of MANIFEST.filter((m) => /\.jpe?g$/i.test(m.path))) {
      const { image } = await folder.get(folder.samples.findIndex(([p]) => p === join(ROOT, path)));
      expect(image.channels).toBe(3);
      let sum = 0;
      const src = source(k);
      for (let j = 0; j < src.length; j++) sum += Math.abs(image.data[j]! - src[j]!);
      expect(sum / src.length, path).toBeLessThan(4); // quality 95
    }
    const { image } = await folder.get(folder.samples.findIndex(([p]) => p.endsWith('b4-gray.png')));
    expect(image.channels).toBe(3);
    const src = source(11);
    for (let j = 0; j < 32 * 32; j++) {
      const [r, g, b] = [image.data[j * 3]!, image.data[j * 3 + 1]!, image.data[j * 3 + 2]!];
      expect(r).toBe(g);
      expect(g).toBe(b);
      const luma = (src[j * 3]! * 299 + src[j * 3 + 1]! * 587 + src[j * 3 + 2]! * 114) / 1000; // PIL's L
      expect(Math.abs(r - luma)).toBeLessThanOrEqual(1);
    }
  });

  it('applies transform with the rng and targetTransform to the label', async () => {
    const flipped = new ImageFolder(ROOT, { transform: new RandomHorizontalFlip(1), targetTransform: (l) => l + 10 });
    const { image, label } = await flipped.get(0, createRng(3));
    const plain = await folder.get(0);
    expect(label).toBe(10);
    expect(image).toEqual(functional.hflip(plain.image));
    const half = new ImageFolder(ROOT, { transform: new RandomHorizontalFlip(0.5) });
    const a = await half.get(4, createRng(7));
    const b = await half.get(4, createRng(7));
    expect(a).toEqual(b);
  });

  it('index out of range is a RangeError', async () => {
    await expect(folder.get(12)).rejects.toThrow(RangeError);
    await expect(folder.get(-1)).rejects.toThrow(/index must be an integer in \[0, 12\)/);
  });
});

describe('ImageFolder in worker threads: the spec', () => {
  it('ships the scanned samples and the transform; the rebuilt dataset gives the same samples without rescanning', async () => {
    const folder = new ImageFolder(ROOT, { transform: new RandomHorizontalFlip(0.5) });
    const spec = folder.toWorkerSpec();
    expect(spec.type).toBe('ImageFolder');
    const options = JSON.parse(JSON.stringify(spec.options)) as { root: string; samples: [string, number][]; classes: string[]; transform: JsonValue };
    expect(options.root).toBe(ROOT);
    expect(options.samples).toEqual(folder.samples.map(([p, c]) => [p, c]));
    expect(options.classes).toEqual(['Zebra', 'apple', 'bird']);
    expect(options.transform).toEqual(new RandomHorizontalFlip(0.5).toJSON());
    // a sample list that differs from the folder proves there is no rescan
    const copy = ImageFolder.fromWorkerSpec({ ...options, samples: options.samples.slice(4, 6) });
    expect(copy.length).toBe(2);
    expect(copy.classes).toEqual(folder.classes);
    expect(await copy.get(1, createRng(5))).toEqual(await folder.get(5, createRng(5)));
    const viaRegistry = datasetFromSpec(JSON.parse(JSON.stringify(spec)) as typeof spec) as ImageFolder;
    expect(viaRegistry).toBeInstanceOf(ImageFolder);
    expect(await viaRegistry.get(9, createRng(2))).toEqual(await folder.get(9, createRng(2)));
  });

  it('a targetTransform cannot go to a worker: TypeError naming the fix; malformed specs are TypeErrors', () => {
    const folder = new ImageFolder(ROOT, { targetTransform: (l) => l });
    expect(() => folder.toWorkerSpec()).toThrow(/targetTransform cannot run in worker threads.*numWorkers: 0/);
    expect(() => ImageFolder.fromWorkerSpec({ root: ROOT })).toThrow(TypeError);
  });
});
