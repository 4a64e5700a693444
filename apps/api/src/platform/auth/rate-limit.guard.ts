import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage,
} from '@nestjs/throttler';
import { Request } from 'express';
import { problem } from '../http/problem';
import { Authenticator } from './authenticator';

/**
 * One budget per principal across all routes: keyed by the verified JWT `sub`, or by client IP
 * when there is no valid token (so guessing tokens is throttled too). It runs before the auth
 * guard for that reason; the Authenticator memo means the token is still verified only once.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: Request): Promise<string> {
    const auth = await this.authenticator.authenticate(request);
    return auth.kind === 'principal' ? `sub:${auth.principal.sub}` : `ip:${request.ip ?? '-'}`;
  }

  /** The default key includes the route; ours does not, so the limit is per principal, not per principal and route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // The base class has already set Retry-After (seconds until the window ends).
    throw problem(429, 'Too many requests', `Rate limit of ${detail.limit} requests per minute exceeded; retry after ${detail.timeToBlockExpire} s.`)
      .deny('rate_limit', `${detail.tracker} made ${detail.totalHits} requests`);
  }
}
