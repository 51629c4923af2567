/**
 * A source of uniform random numbers in [0, 1). Every random choice in aug comes from one of these,
 * never from `Math.random`, so a seed reproduces a run byte for byte.
 */
export interface Rng {
  next(): number;
}

/** A seeded generator whose state can be saved and restored (for checkpoints). */
export interface SeededRng extends Rng {
  /** The full generator state as four 32-bit words. */
  getState(): [number, number, number, number];
  /** Restores a state returned by {@link SeededRng.getState}. */
  setState(state: readonly number[]): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number or a string, got ${seed}`);
    // Fold the integer part (up to 2^53) and any fraction into 32 bits.
    const hi = Math.floor(seed / 4294967296);
    const lo = seed - hi * 4294967296;
    return (Math.imul(hi >>> 0, 0x9e3779b1) ^ (lo >>> 0) ^ Math.round((seed % 1) * 1e9)) >>> 0;
  }
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Creates a seeded generator (xoshiro128**, seeded through splitmix32). Fast, 2^128 - 1 period,
 * and independent streams for nearby seeds.
 *
 * @param seed - any finite number or a string
 * @example
 * ```ts
 * const rng = createRng(0);
 * const a = rng.next();
 * const saved = rng.getState();
 * rng.next();
 * rng.setState(saved); // replays from after `a`
 * ```
 */
export function createRng(seed: number | string): SeededRng {
  const sm = splitmix32(hashSeed(seed));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;
  return {
    next(): number {
      const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      return result / 4294967296;
    },
    getState() {
      return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
    },
    setState(state: readonly number[]) {
      if (state.length !== 4 || state.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
        throw new RangeError(`state must be four 32-bit unsigned integers, got ${JSON.stringify(state)}`);
      }
      [a, b, c, d] = state as [number, number, number, number];
      if ((a | b | c | d) === 0) throw new RangeError('state must not be all zeros');
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The generator for one sample of one epoch, derived from (seed, epoch, index) alone, so a loader's
 * output does not depend on its worker count or the order samples are processed in.
 *
 * @example
 * ```ts
 * const rng = sampleRng(42, 0, 17); // the same stream wherever sample 17 of epoch 0 is augmented
 * ```
 */
export function sampleRng(seed: number | string, epoch: number, index: number): SeededRng {
  const base = hashSeed(seed);
  const mixed = splitmix32((base ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0)() ^ Math.imul(index + 1, 0xc2b2ae35);
  return createRng(mixed >>> 0);
}

/**
 * A uniform draw in [low, high), as `torch.empty(1).uniform_(low, high)`.
 * @example `uniform(rng, 0.5, 1.5)`
 */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

/**
 * A uniform integer in [low, high) (high exclusive), as `torch.randint(low, high, (1,))`.
 * @example `randint(rng, 0, 10)` // 0..9
 */
export function randint(rng: Rng, low: number, high: number): number {
  return low + Math.floor((high - low) * rng.next());
}
