import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, parseLockHolder, processAlive, processStartTime, staleReason } from '../src/node/index.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aug-lock-'));
  file = join(dir, '.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}
const holder = (over: object): string => JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid), host: hostname(), createdAt: 'x', ...over });

describe('acquireFileLock', () => {
  it('takes a free lock (pid, start time, host inside), refuses a second taker while held, frees it on release', async () => {
    const first = await acquireFileLock(file);
    expect(first.acquired).toBe(true);
    expect(parseLockHolder(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const second = await acquireFileLock(file);
    expect(second).toEqual({ acquired: false, holder: expect.objectContaining({ pid: process.pid }) });
    if (first.acquired) await first.release();
    expect(readdirSync(dir)).toEqual([]);
    const third = await acquireFileLock(file);
    expect(third.acquired).toBe(true);
  });

  it.each([
    ['empty', '', 'it is empty'],
    ['garbled', 'pid NaN\n', 'its content is garbled'],
    ['half a JSON', '{"pid": 12', 'its content is garbled'],
  ])('an %s lock file is stale and taken over at once (not a wait of the whole timeout)', async (_name, content, reason) => {
    writeFileSync(file, content);
    const reasons: string[] = [];
    const t0 = Date.now();
    const lock = await acquireFileLock(file, { timeoutMs: 60_000, onStale: (r) => reasons.push(r) });
    expect(lock.acquired).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(reasons).toEqual([reason]);
  });

  it('a lock of a process that no longer runs is stale', async () => {
    const pid = deadPid();
    expect(processAlive(pid)).toBe(false);
    writeFileSync(file, holder({ pid, startTime: null }));
    expect(staleReason(readFileSync(file, 'utf8'))).toBe(`it was left by process ${pid}, which no longer runs`);
    expect((await acquireFileLock(file)).acquired).toBe(true);
  });

  it.runIf(processStartTime(process.pid) !== null)('a reused pid (a live process that started after the holder) is stale', async () => {
    writeFileSync(file, holder({ startTime: processStartTime(process.pid)! - 1 }));
    expect(staleReason(readFileSync(file, 'utf8'))).toMatch(/started later/);
    expect((await acquireFileLock(file)).acquired).toBe(true);
  });

  it("reads the older '<pid>\\n<time>\\n' format (a live pid holds, a dead one is stale)", () => {
    expect(parseLockHolder(`${process.pid}\n2026-01-01T00:00:00Z\n`)).toMatchObject({ pid: process.pid, startTime: null, host: hostname() });
    expect(staleReason(`${process.pid}\n`)).toBeNull();
    expect(staleReason(`${deadPid()}\n`)).toMatch(/no longer runs/);
  });

  it('a lock of another host is never judged stale', () => {
    expect(staleReason(holder({ host: `not-${hostname()}`, pid: deadPid() }))).toBeNull();
  });

  it('waits for a live holder up to timeoutMs, telling onWait once, and gets the lock when it is released', async () => {
    const first = await acquireFileLock(file);
    if (!first.acquired) throw new Error('not acquired');
    const waits: number[] = [];
    setTimeout(() => void first.release(), 150);
    const second = await acquireFileLock(file, { timeoutMs: 5000, pollMs: 20, onWait: (h) => waits.push(h.pid) });
    expect(second.acquired).toBe(true);
    expect(waits).toEqual([process.pid]);
  });

  it('a release does not remove a lock another holder took after a takeover', async () => {
    const first = await acquireFileLock(file);
    if (!first.acquired) throw new Error('not acquired');
    writeFileSync(file, holder({ createdAt: 'someone else' }));
    await first.release();
    expect(readFileSync(file, 'utf8')).toContain('someone else');
  });
});
