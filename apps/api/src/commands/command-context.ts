import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { uuidV5 } from '@app/shared';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { Principal } from '../auth/principal';
import { problem } from '../http/problem';

/** Everything a command carries besides its data: who, when, which request, which preconditions. */
export interface CommandContext {
  principal: Principal;
  /** Derived from the principal and Idempotency-Key when one is sent, so a retry gets the same id. */
  commandId: string;
  idempotent: boolean;
  correlationId: string;
  requestHash: string;
  /** Revision from If-Match, or null. */
  ifMatch: number | null;
  now: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function commandContextFrom(req: AuthenticatedRequest, now = new Date()): CommandContext {
  const principal = req.principal!;
  const key = req.header('idempotency-key');
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    throw problem(400, 'Invalid input', 'Idempotency-Key must be 1 to 200 visible ASCII characters.', [{ field: 'Idempotency-Key', message: 'is malformed' }]);
  }
  const ifMatch = parseIfMatch(req.header('if-match'));
  const requestHash = createHash('sha256').update(`${req.method} ${req.path}\n${stableStringify(req.body ?? null)}`).digest('base64url');
  return {
    principal,
    commandId: key ? uuidV5(`idempotency:${principal.sub}:${key}`) : randomUUID(),
    idempotent: key !== undefined,
    correlationId: req.requestId ?? randomUUID(),
    requestHash,
    ifMatch,
    now: now.toISOString(),
  };
}

function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw problem(400, 'Invalid input', 'If-Match must be an ETag this API issued, such as "3".', [{ field: 'If-Match', message: 'is malformed' }]);
  return Number(match[1]);
}

/** JSON with sorted keys: the same body hashes the same whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  commandContextFrom(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
