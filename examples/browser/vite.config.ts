import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Two pages, two entries: the playground never imports a tfjs backend (only @aug/transforms and
// tfjs-core); the training page loads the backend it selects as its own chunk. `base: './'` makes the
// built site work from any folder of any static file server.
export default defineConfig({
  base: './',
  resolve: {
    // one copy of tfjs-core for the page and the @aug packages (its kernel registry is a singleton)
    // and the tfjs backends @aug/backend loads with import(): resolved from this example (an app installs
    // the ones it wants), not from @aug/backend's own folder
    dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu'],
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        train: resolve(import.meta.dirname, 'train.html'),
      },
    },
  },
  server: { host: '127.0.0.1' },
});
