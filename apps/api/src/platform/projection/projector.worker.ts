import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '@app/event-store';
import { Projector, projectorOptions } from '@app/read-models';
import { AppConfig, openEventStore, openReadModelStore } from '@app/shared';
import { FromWorker, ToWorker } from './projector-thread.messages';

/**
 * The projector on a worker thread of the API process (the embedded default, see
 * projector-thread.ts): its own connections to the same stores, its own event loop, so a catch-up
 * batch never holds up a request. Started with the app's config as workerData; stops after the
 * current batch when the API asks (`stop`), and is told of the API's appends (`appended`) so that it
 * need not wait for its poll to notice them.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('projector.worker runs as a worker thread of the API');
  const { config } = workerData as { config: AppConfig };
  const post = (message: FromWorker) => port.postMessage(message);
  const events = await openEventStore(config);
  const readModels = await openReadModelStore(config);
  const projector = new Projector(events, readModels, projectorOptions(config, (message, error) => post({ type: 'log', message, detail: error instanceof Error ? (error.stack ?? error.message) : error === undefined ? undefined : String(error) })));
  let stopping: Promise<void> | null = null;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'appended') {
      if (events instanceof SqliteEventStore) events.checkAppends();
    } else if (message.type === 'stop') {
      stopping ??= (async () => {
        await projector.stop();
        await Promise.allSettled([events.close(), readModels.close()]);
        post({ type: 'stopped' });
        port.close();
      })();
    }
  });
  projector.start();
  post({ type: 'started' });
}

// A failure to open the stores ends the thread with the error: the API logs it and starts another.
main().catch((error: unknown) => {
  setImmediate(() => {
    throw error;
  });
});
