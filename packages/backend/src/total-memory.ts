import { totalmem } from 'node:os';

/** The machine's memory in bytes (`os.totalmem()`; the browser build reads `navigator.deviceMemory`). */
export function totalMemory(): number {
  return totalmem();
}
