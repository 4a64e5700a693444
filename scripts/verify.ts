/**
 * Walks the embedded event log (DATA_DIR/events.sqlite, or --file <path>) and checks its chain
 * hashes. Prints `{"verified": N, "firstBroken": {"position", "reason"} | null}` as JSON on stdout
 * (progress on stderr) and exits 0 when the whole log verifies, 1 when it is broken, 2 on misuse.
 *
 *   npm run --silent verify
 *   npm run --silent verify -- --file /backups/events.sqlite
 */
import { existsSync } from 'node:fs';
import { verifyEventChain } from '@app/event-store';
import { loadConfigOrExit } from '@app/shared';

function main(): void {
  const i = process.argv.indexOf('--file');
  let file = i >= 0 ? process.argv[i + 1] : undefined;
  if (!file) {
    const config = loadConfigOrExit();
    if (config.eventStore.kind !== 'sqlite') {
      console.error('EVENTSTORE_CONNECTION_STRING is set: this verifies the embedded SQLite log only (pass --file to check a copy of one).');
      process.exit(2);
    }
    file = config.eventStore.file;
  }
  if (!existsSync(file)) {
    console.error(`no event store at ${file} (set DATA_DIR, or pass --file)`);
    process.exit(2);
  }
  const started = Date.now();
  const result = verifyEventChain(file, {
    onProgress: (verified) => console.error(`verified ${verified.toLocaleString('en-US')} events (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.firstBroken ? 1 : 0);
}

main();
