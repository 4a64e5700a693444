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
    requestHash: requestHash(req),
    expectedRevision: parseIfMatch(req.header('if-match')),
    correlationId: req.requestId,
    now,
  });
}

/**
 * Method, path and body (a file's bytes as they are; JSON with sorted keys), and the query when it
 * has one (an import's reason and dryRun): what makes a request the same request.
 */
function requestHash(req: AuthenticatedRequest): string {
  const hash = createHash('sha256').update(`${req.method} ${req.path}\n`);
  if (Buffer.isBuffer(req.body)) hash.update(`${String(req.headers['content-type'])}\n`).update(req.body);
  else hash.update(stableStringify(req.body ?? null));
  const query = req.query as Record<string, unknown> | undefined;
  if (query && Object.keys(query).length) hash.update(`\n?${stableStringify(query)}`);
  return hash.digest('base64url');
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
