import { describeValue, fsReadAdvice } from '@aug/internal';
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { compareCodePoints } from './code-point-order.js';
import { NotADatasetError } from './errors.js';

/** torchvision's `IMG_EXTENSIONS`: the file endings ImageFolder accepts by default (compared lower-cased). */
export const IMG_EXTENSIONS: readonly string[] = Object.freeze(['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp']);

/** Whether `entry` (in `dir`) is a directory, following symbolic links as Python's `DirEntry.is_dir()`. */
function isDir(dir: string, entry: Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isDirectory();
  } catch {
    return false; // a broken link is a non-directory entry, as in os.walk
  }
}

function describeEntries(names: readonly string[]): string {
  if (names.length === 0) return 'nothing';
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ');
  return `${names.length} file${names.length === 1 ? '' : 's'} (${shown}${names.length > 5 ? ', ...' : ''})`;
}

/**
 * torchvision's `find_classes`: the names of the entries of `root` that are directories (symbolic links
 * followed), sorted by code point as Python's `sorted`, and their indices. A missing `root`, a file, or a
 * folder without class folders is a {@link NotADatasetError} saying what the path holds.
 *
 * @example
 * ```ts
 * findClasses('data/train'); // { classes: ['Zebra', 'apple'], classToIdx: { Zebra: 0, apple: 1 } }
 * ```
 */
export function findClasses(root: string): { classes: string[]; classToIdx: Record<string, number> } {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot be listed: ${fsReadAdvice(cause)}`;
    throw new NotADatasetError(
      root,
      `ImageFolder: root ${describeValue(root)} ${what}; ImageFolder expects a folder of class folders (root/<class>/<image>)`,
      { cause },
    );
  }
  const classes = entries.filter((e) => isDir(root, e)).map((e) => e.name).sort(compareCodePoints);
  if (classes.length === 0) {
    throw new NotADatasetError(
      root,
      `ImageFolder: found no class folder in ${describeValue(root)}: it holds ${describeEntries(entries.map((e) => e.name).sort(compareCodePoints))}; ` +
        'ImageFolder expects one subfolder per class (root/<class>/<image>)',
    );
  }
  const classToIdx: Record<string, number> = Object.create(null) as Record<string, number>;
  classes.forEach((c, i) => {
    classToIdx[c] = i;
  });
  return { classes, classToIdx };
}

/**
 * `sorted(os.walk(dir, followlinks=True))`: every folder under `dir` (itself included) with the names of its
 * non-directory entries, sorted by folder path (code point order). Symbolic links to folders are followed,
 * except a link back to a folder above it (its real path is one of its ancestors'), so a link loop ends
 * (Python would recurse until the path is too long). Folders that cannot be listed are skipped, as `os.walk`
 * without `onerror`.
 *
 * @example
 * ```ts
 * walkSorted('data/train/cat'); // [['data/train/cat', ['a.png']], ['data/train/cat/more', ['b.png']]]
 * ```
 */
export function walkSorted(dir: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  // Each folder carries the real paths of the folders above it: a link back to one of them is a loop.
  const stack: [string, readonly string[]][] = [[dir, []]];
  while (stack.length > 0) {
    const [top, ancestors] = stack.pop()!;
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(top);
      if (ancestors.includes(real)) continue;
      entries = readdirSync(top, { withFileTypes: true });
    } catch {
      continue;
    }
    const chain = [...ancestors, real];
    const files: string[] = [];
    for (const e of entries) {
      if (isDir(top, e)) stack.push([join(top, e.name), chain]);
      else files.push(e.name);
    }
    out.push([top, files]);
  }
  return out.sort((a, b) => compareCodePoints(a[0], b[0]));
}

/** Options of {@link makeDataset}: exactly one of `extensions` and `isValidFile`. */
export interface MakeDatasetOptions {
  extensions?: readonly string[] | undefined;
  isValidFile?: ((path: string) => boolean) | undefined;
  allowEmpty?: boolean | undefined;
}

/**
 * torchvision's `make_dataset`: `[path, classIndex]` for every valid file under each class folder, classes in
 * sorted order, each walked as `sorted(os.walk(..., followlinks=True))` with sorted file names. A file is valid
 * when its lower-cased path ends with one of `extensions` (lower-cased) or when `isValidFile(path)` is true.
 * A class without a valid file is a {@link NotADatasetError} naming its folder and the accepted extensions
 * unless `allowEmpty`.
 *
 * @example
 * ```ts
 * makeDataset('data/train', { cat: 0, dog: 1 }, { extensions: IMG_EXTENSIONS });
 * ```
 */
export function makeDataset(root: string, classToIdx: Record<string, number>, options: MakeDatasetOptions): [string, number][] {
  const { extensions, isValidFile, allowEmpty = false } = options;
  const lowered = extensions?.map((e) => e.toLowerCase());
  const valid = isValidFile ?? ((p: string) => {
    const l = p.toLowerCase();
    return lowered!.some((e) => l.endsWith(e));
  });
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const targetClass of Object.keys(classToIdx).sort(compareCodePoints)) {
    const classIndex = classToIdx[targetClass]!;
    const targetDir = join(root, targetClass);
    try {
      if (!statSync(targetDir).isDirectory()) continue;
    } catch {
      continue;
    }
    for (const [dir, names] of walkSorted(targetDir)) {
      for (const name of names.sort(compareCodePoints)) {
        const path = join(dir, name);
        if (valid(path)) {
          instances.push([path, classIndex]);
          available.add(targetClass);
        }
      }
    }
  }
  const empty = Object.keys(classToIdx).filter((c) => !available.has(c)).sort(compareCodePoints);
  if (empty.length > 0 && !allowEmpty) {
    const folders = empty.map((c) => JSON.stringify(join(root, c))).join(', ');
    const accepted = lowered
      ? `Supported extensions are: ${lowered.join(', ')} (compared case-insensitively)`
      : 'No file passed isValidFile';
    throw new NotADatasetError(
      join(root, empty[0]!),
      `ImageFolder: found no valid file for the classes ${empty.join(', ')} (folder${empty.length === 1 ? '' : 's'} ${folders}). ` +
        `${accepted}. Pass allowEmpty: true to keep empty classes.`,
    );
  }
  return instances;
}
