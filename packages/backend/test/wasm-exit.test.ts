import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('the threaded wasm backend', () => {
  // Emscripten ref()s the Node worker of every running pthread and XNNPACK's pool never ends its
  // threads: without releaseWasmWorkers a script that trained and returned never exited.
  it.skipIf(!existsSync(built))('lets a script that used it exit on its own', () => {
    const script = `
      const tf = await import('@tensorflow/tfjs-core');
      const { useBackend } = await import(${JSON.stringify(built)});
      const info = await useBackend('wasm', { threads: 2, env: {} });
      tf.tidy(() => tf.conv2d(tf.ones([2, 8, 8, 3]), tf.ones([3, 3, 3, 4]), 1, 'same').dataSync());
      console.log('threads', info.threads);
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(r.error?.message ?? null, `stderr: ${r.stderr}`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('threads 2');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});
