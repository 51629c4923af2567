// Entry of the device kit's bundle (.device/app/main.mjs, built by scripts/device-kit.mjs):
// `node main.mjs <adapter|speed|train|merge|synthetic> [options]`. run.sh runs each subcommand as its own
// process under its own time limit; each writes its results to --out even when it fails.
import { adapterCommand } from './adapter.mjs';
import { errorRecord, writeJson } from './io.mjs';
import { mergeCommand } from './merge.mjs';
import { speedCommand } from './speed.mjs';
import { syntheticCommand } from './synthetic-cifar.mjs';
import { trainCommand } from './train.mjs';

const COMMANDS = { adapter: adapterCommand, speed: speedCommand, train: trainCommand, merge: mergeCommand, synthetic: syntheticCommand };

async function main() {
  const [name, ...argv] = process.argv.slice(2);
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`usage: main.mjs <${Object.keys(COMMANDS).join('|')}> [options]; got ${JSON.stringify(name)}`);
    return 2;
  }
  try {
    await command(argv);
    return process.exitCode ?? 0;
  } catch (error) {
    const record = errorRecord(error);
    console.error(`${name} failed: ${record.stack ?? record.message}`);
    // Keep whatever the command wrote; add the error so merge reports it.
    const at = argv.indexOf('--out');
    if (at >= 0 && argv[at + 1] && name !== 'merge') {
      let previous = {};
      try {
        previous = JSON.parse((await import('node:fs')).readFileSync(argv[at + 1], 'utf8'));
      } catch {
        // nothing written yet
      }
      writeJson(argv[at + 1], { ...previous, ok: false, error: record });
    }
    return 1;
  }
}

// Exit explicitly: Dawn's device keeps the event loop alive after the work is done.
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
