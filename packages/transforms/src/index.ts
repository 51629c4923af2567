export type { Image } from './image.js';
export { assertImage, isUint8 } from './image.js';
export type { Rng, SeededRng } from './rng.js';
export { createRng, sampleRng, uniform, randint } from './rng.js';
export type { Transform, TransformSpec, JsonValue } from './transform.js';
