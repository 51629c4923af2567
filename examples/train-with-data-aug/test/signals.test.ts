import { describe, expect, it } from 'vitest';
import { STOP_SIGNALS, interruptExitCode, watchSignals } from '../src/signals.js';

describe('watchSignals', () => {
  it.each(STOP_SIGNALS)('%s: the first one aborts (once) and hands the next one back to the default action', (sig) => {
    const counts = STOP_SIGNALS.map((s) => process.listenerCount(s));
    const told: string[] = [];
    const watch = watchSignals((s) => told.push(s));
    expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).toEqual(counts.map((c) => c + 1));
    process.emit(sig, sig);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.received).toBe(sig);
    expect(told).toEqual([sig]);
    // No handler of ours is left: a second signal ends the process at once (the default action).
    expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).toEqual(counts);
    watch.dispose();
  });

  it('exit codes as a shell reports them: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP', () => {
    expect(STOP_SIGNALS.map(interruptExitCode)).toEqual([130, 143, 129]);
  });
});
