// Issue 30 item 4: every public options object of @aug/backend rejects an unknown key with a TypeError
// naming the key and the nearest valid one. The test walks every exported `*Options` type (read from
// src/index.ts, so a new options type without a key list fails here) and every one of its keys.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOptions } from '@aug/internal';
import { initWebgpu, recommendedMicroBatchSize, useBackend } from '../src/index.js';
import { useBackend as browserUseBackend } from '../src/use-backend.browser.js';
import { initWebgpu as browserInitWebgpu } from '../src/webgpu/index.browser.js';
import { MICRO_BATCH_OPTION_KEYS, USE_BACKEND_OPTION_KEYS, WEBGPU_INIT_OPTION_KEYS } from '../src/option-keys.js';

/** Each exported options type: its key list and the public functions taking it (each throws or rejects). */
const OPTION_TYPES: Record<string, { keys: readonly string[]; calls: Array<[string, (options: object) => unknown]> }> = {
  UseBackendOptions: {
    keys: USE_BACKEND_OPTION_KEYS,
    calls: [
      ['useBackend', (o) => useBackend('cpu', o)],
      ['useBackend', (o) => browserUseBackend('cpu', o)],
    ],
  },
  MicroBatchOptions: { keys: MICRO_BATCH_OPTION_KEYS, calls: [['recommendedMicroBatchSize', (o) => recommendedMicroBatchSize(8, o)]] },
  WebgpuInitOptions: {
    keys: WEBGPU_INIT_OPTION_KEYS,
    calls: [
      ['initWebgpu', (o) => initWebgpu(o)],
      ['initWebgpu', (o) => browserInitWebgpu(o)],
    ],
  },
};

/** Runs `call` and returns what it threw or rejected with (undefined when it did neither). */
async function failureOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The key with its last letter dropped: a typo whose nearest valid key is `key` itself. */
function typo(key: string): string {
  return key.slice(0, -1);
}

describe('options of @aug/backend', () => {
  it('every exported options type has a key list here', () => {
    const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
    const exported = [...index.matchAll(/type (\w+Options)\b/g)].map((m) => m[1]).sort();
    expect(exported).toEqual(Object.keys(OPTION_TYPES).sort());
  });

  for (const [type, { keys, calls }] of Object.entries(OPTION_TYPES)) {
    it(`${type}: every key passes the check, a typo of each is a TypeError naming it and the valid key`, async () => {
      for (const key of keys) {
        expect(() => checkOptions({ [key]: undefined }, keys, type)).not.toThrow();
        for (const [where, call] of calls) {
          for (const bad of [typo(key), key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) + '_']) {
            const error = await failureOf(() => call({ [bad]: 1 }));
            expect(error, `${where}({ ${bad} })`).toBeInstanceOf(TypeError);
            expect((error as Error).message).toContain(`${where}: unknown option ${JSON.stringify(bad)} (did you mean ${JSON.stringify(key)}?)`);
          }
        }
      }
    });
  }

  it('a non-object options value is a TypeError naming the function', async () => {
    expect(await failureOf(() => useBackend('cpu', 2 as never))).toBeInstanceOf(TypeError);
    expect(() => recommendedMicroBatchSize(8, 'big' as never)).toThrow(/recommendedMicroBatchSize: options must be an object, got "big"/);
    expect(await failureOf(() => initWebgpu([] as never))).toBeInstanceOf(TypeError);
  });
});
