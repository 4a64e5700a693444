import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@app/shared';
import { Metrics } from '../http/metrics';
import { MetricsController } from '../http/metrics.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator, TOKEN_VERIFIER } from './authenticator';
import { createTokenVerifier } from './jwt';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Authentication, the rate limit and the route policies, as global guards in this order: the
 * rate limit first (it also throttles bad tokens, by IP), then the auth guard.
 */
@Global()
@Module({})
export class SecurityModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: SecurityModule,
      // `default` is the throttler name whose headers carry no suffix (plain Retry-After).
      imports: [ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }] })],
      controllers: [MetricsController],
      providers: [
        { provide: TOKEN_VERIFIER, useValue: createTokenVerifier(config) },
        Authenticator,
        Metrics,
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator, Metrics],
    };
  }
}
