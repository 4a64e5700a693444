import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from '@app/shared';
import { AppModule } from './app.module';
import { requestId } from './http/request-id.middleware';
import { validationPipe } from './http/validation';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP app; main.ts listens on it, e2e tests listen on an ephemeral port. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  // Our ETags are revisions, set by the routes; Express's body-hash ETags would only confuse If-Match.
  app.set('etag', false);
  app.use(requestId);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('json', { limit: '1mb', strict: true });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('danvan-ledger')
      .setDescription('Event-sourced reporting for mass-mobilization (dân vận) coordination programs')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
