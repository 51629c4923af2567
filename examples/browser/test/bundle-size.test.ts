// The built site's JavaScript, page by page (gzip sizes printed for the README): the playground's graph
// holds no tfjs backend (it only runs @aug/transforms' per-image path), the training page loads one backend
// chunk, the one useBackend selects, on demand. Targets: playground under 150 KB gzip, training page
// under 300 KB gzip plus the chosen backend's chunk and .wasm.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST_DIR, ensureBuilt } from './harness.js';

const ASSETS = join(DIST_DIR, 'assets');
const read = (file: string): string => readFileSync(join(ASSETS, file), 'utf8');
const gz = (file: string): number => gzipSync(readFileSync(join(ASSETS, file)), { level: 9 }).length;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Chunks a chunk imports statically (`from"./x.js"`, `import"./x.js"`) and dynamically (`import("./x.js")`). */
function importsOf(file: string): { statics: string[]; dynamics: string[] } {
  const text = read(file);
  const statics = [...text.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]!);
  const dynamics = [...text.matchAll(/import\(\s*["']\.\/([^"']+\.js)["']\s*\)/g)].map((m) => m[1]!);
  return { statics, dynamics };
}

/** Every chunk loaded before the page runs: the entry script and its static imports, transitively. */
function staticGraph(entries: string[], known = new Set<string>()): Set<string> {
  const todo = [...entries];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (known.has(f)) continue;
    known.add(f);
    todo.push(...importsOf(f).statics);
  }
  return known;
}

function pageEntries(html: string): string[] {
  const text = readFileSync(join(DIST_DIR, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
}

/** What marks each tfjs backend package's code: the flags it registers, or (cpu) its registration. */
const BACKEND_MARKS: [string, RegExp][] = [
  ['webgl', /"WEBGL_VERSION"/],
  ['webgpu', /"WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE"/],
  ['wasm', /"WASM_HAS_SIMD_SUPPORT"/],
  ['cpu', /\(\s*"cpu"\s*,\s*\(\)\s*=>\s*new\s/],
];
const backendIn = (file: string): string | undefined => BACKEND_MARKS.find(([, mark]) => mark.test(read(file)))?.[0];

describe('the built site: JavaScript per page', () => {
  ensureBuilt();
  const playground = staticGraph(pageEntries('index.html'));
  const trainPage = staticGraph(pageEntries('train.html'));
  const total = (files: Iterable<string>): number => [...files].reduce((n, f) => n + gz(f), 0);

  it('playground: no tfjs backend in its graph, under 150 KB gzip', () => {
    const all = staticGraph([...playground].flatMap((f) => importsOf(f).dynamics), new Set(playground));
    for (const f of all) expect(backendIn(f), f).toBeUndefined();
    const size = total(playground);
    console.info(`playground JS: ${kb(size)} gzip (${[...playground].map((f) => `${f} ${kb(gz(f))}`).join(', ')})`);
    expect(size).toBeLessThan(150 * 1024);
  });

  it('training page: under 300 KB gzip before its backend; each backend its own chunk, loaded on demand', () => {
    const size = total(trainPage);
    for (const f of trainPage) expect(backendIn(f), f).toBeUndefined();
    const backends = new Map<string, number>();
    const dynamics = [...trainPage].flatMap((f) => importsOf(f).dynamics);
    for (const d of new Set(dynamics)) {
      const extra = [...staticGraph([d])].filter((f) => !trainPage.has(f));
      const mark = extra.map(backendIn).find((m) => m !== undefined);
      if (mark !== undefined) backends.set(mark, total(extra));
    }
    const wasm = readdirSync(ASSETS).filter((f) => f.endsWith('.wasm')).map((f) => `${f.replace(/-[\w-]{8}\.wasm$/, '.wasm')} ${kb(gz(f))}`);
    console.info(`training page JS: ${kb(size)} gzip before the backend; backend chunks (gzip): ${[...backends].map(([b, n]) => `${b} ${kb(n)}`).join(', ')}; .wasm (gzip): ${wasm.join(', ')}`);
    expect(size).toBeLessThan(300 * 1024);
    expect([...backends.keys()].sort()).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
  });
});
