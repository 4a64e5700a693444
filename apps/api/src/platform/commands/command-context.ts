import { randomUUID } from 'node:crypto';
import { uuidV5 } from '@app/shared';
import { Principal } from '../auth/principal';

/**
 * Everything a command carries besides its data, as plain data: who, which command, which
 * preconditions, when. The HTTP edge builds it from the request (`http-command-context.ts`); the
 * demo loader, an import or a test build it with `commandContext`.
 */
export interface CommandContext {
  actor: Principal;
  /** Derived from the actor and the idempotency key when there is one, so a retry has the same id (and the same event ids). */
  commandId: string;
  correlationId: string;
  /** The revision the caller expects the stream to be at (If-Match), or null. */
  expectedRevision: number | null;
  /** With a key: a second command with the same id is answered from the first (same request) or refused (another request). */
  idempotency: { key: string; requestHash: string } | null;
  /** ISO-8601 instant: the clock arrives with the command. */
  now: string;
}

export interface CommandContextOptions {
  idempotencyKey?: string;
  /** What identifies the request under an idempotency key (a hash of method, path and body at the HTTP edge). */
  requestHash?: string;
  expectedRevision?: number | null;
  correlationId?: string;
  now?: Date;
}

/**
 * The command id an idempotency key stands for: scoped to the caller, so two callers never share one.
 * The caller's `sub` is escaped (`%` → `%25`, `:` → `%3A`) so that the first `:` after it always
 * ends it: caller `a` with key `b:c` and caller `a:b` with key `c` are two commands. A `sub` with
 * neither character (every one the demo and the tests use, UUIDs, e-mail addresses) gives the same
 * id as before the escape, so commands recorded so far are still answered from their first run.
 */
export function idempotentCommandId(actor: Principal, key: string): string {
  return uuidV5(`idempotency:${escapeSub(actor.sub)}:${key}`);
}

const escapeSub = (sub: string): string => sub.replace(/%/g, '%25').replace(/:/g, '%3A');

export function commandContext(actor: Principal, options: CommandContextOptions = {}): CommandContext {
  const key = options.idempotencyKey;
  return {
    actor,
    commandId: key === undefined ? randomUUID() : idempotentCommandId(actor, key),
    correlationId: options.correlationId ?? randomUUID(),
    expectedRevision: options.expectedRevision ?? null,
    idempotency: key === undefined ? null : { key, requestHash: options.requestHash ?? key },
    now: (options.now ?? new Date()).toISOString(),
  };
}
