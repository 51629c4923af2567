export { Animator } from './animator.js';
export type { AnimatorOptions } from './animator.js';
export { Figure } from './figure.js';
export type { CellBox } from './figure.js';
export type { LiveStream, LiveViewOptions } from './live-view.js';
export type { AxisScale } from './scale.js';
