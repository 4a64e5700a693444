import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger, NotFoundException, Optional, ValidationError } from '@nestjs/common';
import { DomainError, FieldError } from '@app/domain';
import { AppendTooLargeError, WrongExpectedRevisionError } from '@app/event-store';
import { ForeignReadModelsError } from '@app/read-models';
import { Request, Response } from 'express';
import type { AuthenticatedRequest } from './authenticated-request';
import { DenialCode } from '../auth/security-metrics';
import { Metrics } from './metrics';
import { logLine } from '../logging/app-logger';
import { etagOf, IdempotencyKeyReusedError, PreconditionFailedError } from '../commands/command-handling';
import { OutOfScopeError } from '../auth/access-policy';

/** RFC 9457 problem details, the only error shape this API answers with. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export class ProblemException extends HttpException {
  /** Why access was denied, for the log and the counters; never sent to the client. */
  denial?: { code: DenialCode; reason: string };

  constructor(readonly body: ProblemBody, readonly headers: Record<string, string> = {}) {
    super(body, body.status);
  }

  deny(code: DenialCode, reason: string): this {
    this.denial = { code, reason };
    return this;
  }
}

const TYPES: Record<number, string> = {
  400: 'validation-error', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict',
  412: 'precondition-failed', 413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'unprocessable',
  429: 'too-many-requests', 500: 'internal-error', 501: 'not-implemented', 503: 'unavailable',
};

export function problem(status: number, title: string, detail: string, errors?: FieldError[], headers?: Record<string, string>) {
  return new ProblemException(
    { type: `/problems/${TYPES[status] ?? 'error'}`, title, status, detail, ...(errors?.length ? { errors } : {}) },
    headers,
  );
}

const DOMAIN_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unprocessable: 422 } as const;
const DOMAIN_TITLE = { invalid: 'Invalid input', forbidden: 'Forbidden', not_found: 'Not found', conflict: 'Conflict', unprocessable: 'Unprocessable reference' } as const;

/**
 * Fixed texts for errors raised outside our code (Nest, Express, body-parser): their own messages
 * can quote the input or name internals, so none of them reaches the client.
 */
const GENERIC: Record<number, [string, string]> = {
  400: ['Bad request', 'The request is malformed.'],
  404: ['Not found', 'No such resource.'],
  413: ['Payload too large', 'The request body is larger than 1 MB.'],
  415: ['Unsupported media type', 'Send request bodies as application/json in UTF-8.'],
};

/** Flattens class-validator's tree into `figures[0].value`-style field paths. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/**
 * The HTTP edge: turns every error into problem+json with the request id (domain errors by
 * kind, the command path's precondition and idempotency errors, Nest's and Express's own), and
 * is the one place where denials
 * (401, 403, 429) are logged with principal, route and reason, and counted.
 */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');
  private readonly deniedLog = new Logger('Access');

  constructor(@Optional() private readonly metrics?: Metrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
    const p = this.toProblem(exception, request);
    this.recordDenial(p, request);
    if (response.headersSent) return;
    for (const [k, v] of Object.entries(p.headers)) response.setHeader(k, v);
    const body = { ...p.body, requestId: request.requestId ?? '-' };
    response.status(p.body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown, request: AuthenticatedRequest): ProblemException {
    if (exception instanceof ProblemException) return exception;
    if (exception instanceof OutOfScopeError) {
      return problem(404, DOMAIN_TITLE.not_found, exception.message).deny('object_access', exception.reason);
    }
    if (exception instanceof DomainError) {
      return problem(DOMAIN_STATUS[exception.kind], DOMAIN_TITLE[exception.kind], exception.message, exception.errors);
    }
    if (exception instanceof PreconditionFailedError) {
      return problem(412, 'Precondition failed', exception.message, [], { ETag: etagOf(exception.revision) });
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return problem(422, 'Idempotency key reused', exception.message, [{ field: 'Idempotency-Key', message: 'was used with another request body' }]);
    }
    if (exception instanceof AppendTooLargeError) {
      const limit = exception.maxBytes === null ? '' : ` of ${exception.maxBytes} bytes`;
      return problem(413, 'Payload too large', `The events this request would append (${exception.bytes} bytes) exceed the event store's maximum append size${limit}; nothing was appended. Send less per request (fewer figures, shorter texts).`);
    }
    if (exception instanceof ForeignReadModelsError) {
      this.logger.error(exception.message);
      return problem(503, 'Read models unusable', 'The read models were built from another event log; the operator must point them at an empty database. See /health/ready.');
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return problem(409, 'Conflict', 'The resource changed while this request was handled; reload and retry.');
    }
    if (exception instanceof NotFoundException) {
      // Nest's "no route": a path that exists under other methods is 405 with Allow (RFC 9110).
      const allowed = allowedMethods(request);
      if (allowed.length) {
        return problem(405, 'Method not allowed', `${request.method} is not supported here; use ${allowed.join(', ')}.`, [], { Allow: allowed.join(', ') });
      }
      return problem(404, 'Not found', 'No such resource.');
    }
    const status = statusOf(exception);
    if (status !== null && status >= 400 && status < 500) {
      const [title, detail] = GENERIC[status] ?? GENERIC[400];
      return problem(GENERIC[status] ? status : 400, title, detail);
    }
    this.logger.error(`unhandled error requestId=${request.requestId ?? '-'}`, exception instanceof Error ? exception.stack : String(exception));
    return problem(500, 'Internal error', `Something went wrong on our side; quote request id ${request.requestId ?? '-'}.`);
  }

  /** Every 401, 403 and 429, and any other answer marked as a denial (an out-of-scope object hidden as 404). */
  private recordDenial(p: ProblemException, request: AuthenticatedRequest): void {
    const status = p.body.status;
    if (status !== 401 && status !== 403 && status !== 429 && !p.denial) return;
    const denial = p.denial ?? { code: 'object_access' as const, reason: p.body.detail };
    this.metrics?.denied(denial.code);
    const route = (request.route as { path?: string } | undefined)?.path ?? '-';
    const actor = request.principal?.sub ?? null;
    const requestId = request.requestId ?? null;
    this.deniedLog.warn(
      logLine(
        `denied ${request.method} ${request.path} route=${route} status=${status} principal=${actor ?? '-'} ` +
          `reason=${denial.code} detail=${JSON.stringify(denial.reason)} requestId=${requestId ?? '-'}`,
        { method: request.method, path: request.path, route, status, actor, reason: denial.code, detail: denial.reason, requestId },
      ),
    );
  }
}

/** Status of a Nest HttpException or of an http-errors error (body-parser's); null for anything else. */
function statusOf(exception: unknown): number | null {
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : null;
  // http-errors marks client errors `expose`; a 5xx or an unexposed one is ours to hide.
  return status !== null && e?.expose === true ? status : null;
}

/** Express 5 keeps its routing table on `app.router` (not in its typings). */
function isRouter(value: unknown): value is { stack: RouteLayer[] } {
  // The router is a function with properties, not a plain object.
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && Array.isArray(Reflect.get(value, 'stack'));
}

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * Methods with a route at this path, read from Express's own routing table. Where templates
 * overlap (`/api/areas/merge` and `/api/areas/:code`), the most literal one names the resource.
 */
function allowedMethods(request: Request): string[] {
  const router: unknown = Reflect.get(request.app, 'router');
  const stack = isRouter(router) ? router.stack : [];
  const matching = stack.filter((layer) => layer.route && layer.match(request.path));
  const params = (layer: RouteLayer) => (layer.route!.path.match(/:/g) ?? []).length;
  const fewest = Math.min(...matching.map(params));
  const methods = new Set<string>();
  for (const layer of matching.filter((l) => params(l) === fewest)) {
    for (const [method, on] of Object.entries(layer.route!.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
