import { Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { TokenVerifier } from './jwt';
import { parseRoles, Principal } from './principal';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'principal'; principal: Principal }
  /** `reason` is for the log only: the caller learns no more than "not valid". */
  | { kind: 'invalid'; reason: string };

/** Far above any real provider's token, low enough that nobody makes us parse megabytes. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * Reads the bearer token once per request. The rate limiter (which keys on the verified `sub`)
 * and the auth guard both ask; the memo keeps that to one signature check.
 */
@Injectable()
export class Authenticator {
  private readonly memo = new WeakMap<Request, Promise<Authentication>>();

  constructor(@Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier) {}

  authenticate(request: Request): Promise<Authentication> {
    let result = this.memo.get(request);
    if (!result) {
      result = this.read(request.headers.authorization);
      this.memo.set(request, result);
    }
    return result;
  }

  private async read(header: string | undefined): Promise<Authentication> {
    if (header === undefined || header === '') return { kind: 'anonymous' };
    // RFC 6750 / 9110: the scheme is case-insensitive; anything but Bearer is not ours to accept.
    const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
    if (!match) return { kind: 'invalid', reason: 'authorization header is not a bearer token' };
    if (match[1].length > MAX_TOKEN_LENGTH) return { kind: 'invalid', reason: 'token too long' };
    try {
      const claims = await this.verify(match[1]);
      return { kind: 'principal', principal: new Principal(claims.sub, parseRoles(claims.roles)) };
    } catch (error) {
      const reason = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : 'unverifiable token';
      return { kind: 'invalid', reason };
    }
  }
}
