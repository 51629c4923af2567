import os from 'node:os';

/** The signals that stop a run gracefully: Ctrl-C, `docker stop` / a job scheduler, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** A graceful-stop watch over {@link STOP_SIGNALS}. */
export interface SignalWatch {
  /** Aborted by the first stop signal. */
  readonly signal: AbortSignal;
  /** The first stop signal received, or null. */
  readonly received: StopSignal | null;
  /** Stops watching (restores the default handling). */
  dispose(): void;
}

/**
 * Watches SIGINT, SIGTERM and SIGHUP: the first one aborts `signal` (the training finishes its step, writes a
 * checkpoint and returns) after calling `onFirst`; then the handlers are removed, so a second signal has its
 * default effect and ends the process at once, even in the middle of a training step (the last complete
 * checkpoint stays intact: checkpoints are written atomically).
 */
export function watchSignals(onFirst: (signal: StopSignal) => void): SignalWatch {
  const controller = new AbortController();
  let received: StopSignal | null = null;
  const remove = (): void => {
    for (const s of STOP_SIGNALS) process.off(s, handler);
  };
  function handler(signal: NodeJS.Signals): void {
    if (received !== null) return;
    received = signal as StopSignal;
    remove();
    onFirst(received);
    controller.abort();
  }
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: remove,
  };
}

/** The exit status of a run stopped by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), as a shell reports it. */
export function interruptExitCode(signal: StopSignal): number {
  return 128 + os.constants.signals[signal];
}
