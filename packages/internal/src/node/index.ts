/**
 * `@aug/internal/node`: the Node-only helpers (they import `node:fs` and friends), kept out of the main
 * entry so that browser builds never pull Node built-ins.
 */
export { acquireFileLock, parseLockHolder, staleReason } from './file-lock.js';
export type { FileLock, FileLockOptions, LockHolder } from './file-lock.js';
export { processAlive, processStartTime } from './process-identity.js';
export { writeFileAtomic, writeFileSynced } from './atomic-write.js';
