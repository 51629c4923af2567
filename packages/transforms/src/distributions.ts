import { describeValue } from '@aug/internal';
import type { Rng } from './rng.js';

/**
 * A standard normal draw (Box-Muller on two uniforms), for `torch.randn`-like values.
 * @example `normal(rng) // mean 0, standard deviation 1`
 */
export function normal(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Gamma(`shape`, 1) draw (Marsaglia and Tsang; shapes below 1 through the `u^(1/shape)` boost).
 * @example `gamma(rng, 2)`
 */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be a positive finite number, got ${describeValue(shape)}`);
  if (shape < 1) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Beta(`a`, `b`) draw (as `torch.distributions.Beta(a, b).sample()`), from two Gamma draws.
 * @example `beta(rng, 1, 1) // uniform on [0, 1]`
 */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  const s = x + y;
  return s === 0 ? 0.5 : x / s;
}

/**
 * A Dirichlet draw with concentrations `alpha` (as `torch._sample_dirichlet`): normalised Gamma draws.
 * @example `dirichlet(rng, [1, 1, 1]) // three weights summing to 1`
 */
export function dirichlet(rng: Rng, alpha: readonly number[]): number[] {
  const g = alpha.map((a) => gamma(rng, a));
  const s = g.reduce((x, y) => x + y, 0);
  return s === 0 ? g.map(() => 1 / g.length) : g.map((v) => v / s);
}
