import { LogLevel } from '@nestjs/common';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@app/shared';
import { AppModule } from './app.module';
import { accessLog } from './platform/http/access-log.middleware';
import { Metrics } from './platform/http/metrics';
import { cleanInput, keepRawJsonBody } from './platform/http/clean-input.middleware';
import { ExpressPrototypesAdapter } from './platform/http/express-prototypes.adapter';
import { buildOpenApiDocument } from './platform/http/openapi';
import { AppLogger, resolveLogFormat } from './platform/logging/app-logger';
import { requestId } from './platform/http/request-id.middleware';
import { bodyParserErrors, IMPORT_MEDIA_TYPES, rejectOperatorKeys, requireJsonBody } from './platform/http/request-shape.middleware';
import { securityHeaders } from './platform/http/security-headers.middleware';
import { validationPipe } from './platform/http/validation';
import { webApp } from './platform/web/web-app';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Headers a browser client may send and read when CORS_ORIGINS lets it in. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'];
const CORS_RESPONSE_HEADERS = ['ETag', 'Retry-After', 'X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** Builds the HTTP app; main.ts listens on it, e2e tests listen on an ephemeral port. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), new ExpressPrototypesAdapter(), {
    bodyParser: false,
    logger: new AppLogger(resolveLogFormat(config.logFormat), LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1)),
  });
  // Our ETags are revisions, set by the routes; Express's body-hash ETags would only confuse If-Match.
  app.set('etag', false);
  // The client address keys the rate limit for callers without a token; behind a proxy it must come from X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);

  // Order matters: the request id first, so that every later log line and error can carry it.
  app.use(requestId);
  app.use(accessLog(app.get(Metrics), config.slowRequestMs));
  // The web app's static files at /app, under a page policy of their own (before the API's headers).
  app.use(webApp(config));
  app.use(securityHeaders);
  // CORS stays closed (no Access-Control-* headers at all) unless origins are configured.
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_RESPONSE_HEADERS,
      credentials: false,
      maxAge: 600,
    });
  }
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: '1mb', strict: true, verify: keepRawJsonBody });
  // Only the import route gets this far with these types (requireJsonBody); it reads the bytes itself.
  app.useBodyParser('raw', { limit: '1mb', type: IMPORT_MEDIA_TYPES });
  app.use(bodyParserErrors);
  app.use(rejectOperatorKeys);
  // After the key checks, which bound the nesting this walks.
  app.use(cleanInput);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
