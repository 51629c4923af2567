// The common vitest setup (`setupFiles: ['@aug/test-utils/setup']`): tests run on the pure-JS cpu backend
// (no native binaries, no GPU), and the temporary folders a test file made are removed after it.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

await tf.setBackend('cpu');
await tf.ready();

afterAll(() => removeTempDirs());
