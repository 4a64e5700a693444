import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import { LiveReadModels, MongoReadModelStore, READ_MODEL_STORE } from '@app/read-models';
import { loadConfigOrExit } from '@app/shared';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Before the app allocates its long-lived state. V8 reads this flag whenever a full GC sets the
  // next one's threshold, so setting it at run time takes effect (BENCHMARKS.md, *Full garbage
  // collections under load*).
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const logger = new Logger('danvan-ledger');
  logger.log(`listening on ${url}; API docs at ${url}/docs`);
  const readModels = app.get<LiveReadModels>(READ_MODEL_STORE).physical;
  const writes = readModels instanceof MongoReadModelStore ? ` (${readModels.writeMode.transactions ? 'transactions' : 'no transactions'}: ${readModels.writeMode.why})` : '';
  logger.log(
    `events: ${config.eventStore.kind}${config.eventStore.kind === 'sqlite' ? ` (writer on the ${config.eventWriterThread} thread)` : ''}, read models: ${config.readModels.kind}${writes}, projector: ${config.runProjector ? `in-process (${config.projectorThread} thread)` : 'apps/projector'}, heap growth between full GCs: ${config.heapGrowthPercent > 0 ? `${config.heapGrowthPercent}%` : "V8's own"}`,
  );
  logger.log(`get a token: npm run --silent token -- --sub alice --roles admin`);
}

void main();
