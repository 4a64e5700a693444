import { writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { MongoReadModelStore, Projector, projectorOptions } from '@app/read-models';
import { loadConfigOrExit, openEventStore, openReadModelStore } from '@app/shared';

/**
 * The projector as its own process (production: EventStoreDB → MongoDB). It needs no HTTP or
 * DI container: one loop from the checkpoint, stopped cleanly on SIGTERM/SIGINT. Killing it at
 * any point is safe; the next start resumes from the last committed batch.
 */
async function main(): Promise<void> {
  const logger = new Logger('Projector');
  const config = loadConfigOrExit();
  const events = await openEventStore(config);
  const readModels = await openReadModelStore(config);
  const projector = new Projector(events, readModels, {
    ...projectorOptions(config, (message, error) => (error === undefined ? logger.log(message) : logger.error(message, error instanceof Error ? error.stack : String(error)))),
    onBeat: heartbeat(config.projectorHeartbeatFile, logger),
  });
  projector.start();
  const physical = readModels.physical;
  const writes = physical instanceof MongoReadModelStore ? ` (${physical.writeMode.transactions ? 'transactions' : 'no transactions'}: ${physical.writeMode.why})` : '';
  logger.log(`projecting ${config.eventStore.kind} → ${config.readModels.kind}${writes}`);

  const shutdown = async (signal: string) => {
    logger.log(`${signal}: stopping after the current batch`);
    await projector.stop();
    await Promise.allSettled([events.close(), readModels.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** Writes the time into `file` at most once a second (`healthcheck.ts` reads its age). */
function heartbeat(file: string | undefined, logger: Logger): (() => void) | undefined {
  if (!file) return undefined;
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    try {
      writeFileSync(file, `${new Date(now).toISOString()}\n`);
    } catch (error) {
      logger.warn(`cannot write the heartbeat file ${file}: ${(error as Error).message}`);
    }
  };
}

void main();
