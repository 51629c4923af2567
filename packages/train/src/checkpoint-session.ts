import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { CheckpointError } from './errors.js';
import { checkLoopState, freshLoopState, type LoopState } from './loop-state.js';
import { acquireRunLock, type RunLock } from './run-folder.js';
import type { StatefulRng } from './train-types.js';

/** What {@link CheckpointSession.open} needs to know about the run. */
export interface CheckpointSessionOptions {
  /** Folder of the checkpoints; without one the session keeps nothing. */
  checkpointDir?: string;
  /** Continue from the folder's checkpoint when it holds one. */
  resume?: boolean;
  /** The run's total epochs. */
  epochs: number;
  /** Batches per epoch of the train loader. */
  batches: number;
  /** Whether the train loader can be positioned (`setEpoch`): without it a resume cannot replay the data order. */
  canSetEpoch: boolean;
  model: LayersModel;
  optimizer: tf.Optimizer;
  rng?: StatefulRng;
  /** The run's configuration, saved with every checkpoint (`state.config`). */
  config?: Readonly<Record<string, unknown>>;
  log: (line: string) => void;
}

/**
 * The checkpoint side of `train`: loads and checks the folder's checkpoint, restores the model, the
 * optimizer, the RNG and the loop state on resume (or refuses to overwrite a checkpoint without
 * `resume`), and saves the loop state at epoch ends and on abort.
 */
export class CheckpointSession {
  /** Folder of the last checkpoint written or resumed from (null before the first, or without `checkpointDir`). */
  path: string | null = null;
  private lock: RunLock | null = null;

  private constructor(private readonly options: CheckpointSessionOptions) {}

  /** Opens the session and returns it with the loop state to start from (fresh, or the restored one). */
  static async open(options: CheckpointSessionOptions): Promise<{ session: CheckpointSession; state: LoopState }> {
    const session = new CheckpointSession(options);
    const { checkpointDir, epochs, batches, log } = options;
    if (!checkpointDir) return { session, state: freshLoopState() };
    // Before anything else: the folder is writable (EROFS, EACCES, ENOSPC named now, not after the
    // first epoch) and no other run uses it.
    session.lock = await acquireRunLock(checkpointDir, 'checkpointDir');
    try {
      return await session.restore(checkpointDir, epochs, batches, log);
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  private async restore(
    checkpointDir: string,
    epochs: number,
    batches: number,
    log: (line: string) => void,
  ): Promise<{ session: CheckpointSession; state: LoopState }> {
    const options = this.options;
    const found = await loadCheckpoint<LoopState>(checkpointDir);
    if (!found) return { session: this, state: freshLoopState() };
    if (!options.resume) {
      const s = found.manifest.state;
      throw new CheckpointError(
        `train: ${checkpointDir} already holds a checkpoint (epoch ${s.epoch + 1}, step ${s.step}); ` +
          'pass resume: true to continue it, or choose another checkpointDir. Nothing was overwritten',
      );
    }
    checkLoopState(found.manifest.state, `checkpoint ${found.path}`, batches);
    const done = found.manifest.state.epoch;
    if (done > epochs) {
      throw new RangeError(
        `train: the checkpoint ${found.path} has already finished ${done} epochs, more than epochs: ${epochs}. ` +
          `Pass epochs >= ${done} to continue it (epochs is the run's total, not the number to add), or choose another checkpointDir`,
      );
    }
    const state = await restoreCheckpoint(found, options.model, options.optimizer);
    if (options.rng && state.rng) options.rng.setState(state.rng);
    this.path = found.path;
    if (!options.canSetEpoch && (state.epoch > 0 || state.step > 0)) {
      log('warning: trainLoader has no setEpoch(); the resumed run cannot replay the same data order');
    }
    log(
      state.epoch >= epochs
        ? `the checkpoint ${found.path} has already finished all ${epochs} epochs: nothing to train (pass a larger epochs to train more)`
        : `resumed from ${found.path} at epoch ${state.epoch + 1}, step ${state.step}`,
    );
    return { session: this, state };
  }

  /** Releases the folder's run lock (at the end of `train`, whatever happened). */
  async close(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    await lock?.release();
  }

  /** Whether the run resumed from a checkpoint or has written one. */
  get resumed(): boolean {
    return this.path !== null;
  }

  /** Writes a checkpoint of `state` (with the RNG's state), when the session has a folder. */
  async save(state: LoopState): Promise<void> {
    const { checkpointDir, rng, model, optimizer } = this.options;
    if (!checkpointDir) return;
    state.rng = rng ? [...rng.getState()] : null;
    if (this.options.config !== undefined) state.config = { ...this.options.config };
    this.path = await saveCheckpoint(checkpointDir, model, optimizer, state);
  }
}
