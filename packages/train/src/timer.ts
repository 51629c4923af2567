import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link Timer}.
 * @example `new Timer({ now: () => fakeMs })`
 */
export interface TimerOptions {
  /**
   * The clock, in milliseconds (default `performance.now`). Tests inject a fake one.
   */
  now?: () => number;
}

/**
 * Records several running times, as d2l's `Timer`: it starts when created; `stop()` returns the
 * seconds since the last `start()` and records them; `avg`, `sum` and `cumsum` summarise the
 * records. The training loop wraps only the training steps in it, so examples/sec excludes data
 * loading and evaluation.
 *
 * @example
 * ```ts
 * const timer = new Timer();
 * timer.start();
 * await step();
 * timer.stop(); // seconds of this step
 * timer.sum();  // seconds of all recorded steps
 * ```
 */
export class Timer {
  /** Every recorded interval, in seconds. */
  readonly times: number[] = [];
  private readonly now: () => number;
  private tik: number;

  constructor(options: TimerOptions = {}) {
    checkOptionKeys(options, 'TimerOptions', 'Timer');
    this.now = options.now ?? (() => performance.now());
    this.tik = this.now();
  }

  /**
   * Starts (or restarts) the current interval.
   * @example `timer.start()`
   */
  start(): void {
    this.tik = this.now();
  }

  /**
   * Stops the current interval, records it and returns it in seconds.
   * @example `const seconds = timer.stop()`
   */
  stop(): number {
    const seconds = (this.now() - this.tik) / 1000;
    this.times.push(seconds);
    return seconds;
  }

  /**
   * The mean recorded interval in seconds (0 when nothing is recorded).
   * @example `timer.avg()`
   */
  avg(): number {
    return this.times.length === 0 ? 0 : this.sum() / this.times.length;
  }

  /**
   * The sum of the recorded intervals in seconds.
   * @example `examples / timer.sum()`
   */
  sum(): number {
    let s = 0;
    for (const t of this.times) s += t;
    return s;
  }

  /**
   * The running sums of the recorded intervals (d2l's `np.array(times).cumsum()`).
   * @example `timer.cumsum()` // [t0, t0 + t1, ...]
   */
  cumsum(): number[] {
    const out: number[] = [];
    let s = 0;
    for (const t of this.times) out.push((s += t));
    return out;
  }
}
