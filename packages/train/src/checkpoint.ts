// Checkpoints of a training run (see checkpoint-format.ts, checkpoint-io.ts, checkpoint-restore.ts); the
// browser build substitutes checkpoint.browser.ts for this module.
export { LATEST_FILE, type CheckpointManifest, type LoadedCheckpoint, type TensorEntry } from './checkpoint-format.js';
export { loadCheckpoint, saveCheckpoint } from './checkpoint-io.js';
export { assertCheckpointMatches, restoreCheckpoint } from './checkpoint-restore.js';
