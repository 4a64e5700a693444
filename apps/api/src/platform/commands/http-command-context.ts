import { createHash } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { problem } from '../http/problem';
import { CommandContext, commandContext } from './command-context';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The command context of an authenticated request: Idempotency-Key, If-Match and the request's hash. */
export function commandContextFrom(req: AuthenticatedRequest, now = new Date()): CommandContext {
  const key = req.header('idempotency-key');
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    throw problem(400, 'Invalid input', 'Idempotency-Key must be 1 to 200 visible ASCII characters.', [{ field: 'Idempotency-Key', message: 'is malformed' }]);
  }
  return commandContext(req.principal!, {
    idempotencyKey: key,
    requestHash: createHash('sha256').update(`${req.method} ${req.path}\n${stableStringify(req.body ?? null)}`).digest('base64url'),
    expectedRevision: parseIfMatch(req.header('if-match')),
    correlationId: req.requestId,
    now,
  });
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
    return `{${Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `@Ctx() ctx: CommandContext` in a route. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  commandContextFrom(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
