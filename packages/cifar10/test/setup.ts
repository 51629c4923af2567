// Tests run on the pure-JS cpu backend: no native binaries, no GPU.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/fixtures.js';

await tf.setBackend('cpu');
await tf.ready();

// Remove the temporary data folders each test file made.
afterAll(() => removeTempDirs());
