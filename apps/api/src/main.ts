import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { LiveReadModels, MongoReadModelStore, READ_MODEL_STORE } from '@app/read-models';
import { loadConfigOrExit } from '@app/shared';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const logger = new Logger('danvan-ledger');
  logger.log(`listening on ${url}; API docs at ${url}/docs`);
  const readModels = app.get<LiveReadModels>(READ_MODEL_STORE).physical;
  const writes = readModels instanceof MongoReadModelStore ? ` (${readModels.writeMode.transactions ? 'transactions' : 'no transactions'}: ${readModels.writeMode.why})` : '';
  logger.log(
    `events: ${config.eventStore.kind}${config.eventStore.kind === 'sqlite' ? ` (writer on the ${config.eventWriterThread} thread)` : ''}, read models: ${config.readModels.kind}${writes}, projector: ${config.runProjector ? `in-process (${config.projectorThread} thread)` : 'apps/projector'}`,
  );
  logger.log(`get a token: npm run --silent token -- --sub alice --roles admin`);
}

void main();
