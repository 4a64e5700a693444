import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, ValidationError } from '@nestjs/common';
import { DomainError, FieldError } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import { Response } from 'express';
import { AuthenticatedRequest } from '../auth/auth.guard';

/** RFC 9457 problem details, the only error shape this API answers with. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export class ProblemException extends HttpException {
  constructor(readonly body: ProblemBody, readonly headers: Record<string, string> = {}) {
    super(body, body.status);
  }
}

const TYPES: Record<number, string> = {
  400: 'validation-error', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict',
  412: 'precondition-failed', 413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'unprocessable',
  429: 'too-many-requests', 500: 'internal-error', 503: 'unavailable',
};

export function problem(status: number, title: string, detail: string, errors?: FieldError[], headers?: Record<string, string>) {
  return new ProblemException(
    { type: `/problems/${TYPES[status] ?? 'error'}`, title, status, detail, ...(errors?.length ? { errors } : {}) },
    headers,
  );
}

const DOMAIN_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unprocessable: 422 } as const;
const DOMAIN_TITLE = { invalid: 'Invalid input', forbidden: 'Forbidden', not_found: 'Not found', conflict: 'Conflict', unprocessable: 'Unprocessable reference' } as const;

/** Flattens class-validator's tree into `figures[0].value`-style field paths. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
    const p = this.toProblem(exception, request);
    for (const [k, v] of Object.entries(p.headers)) response.setHeader(k, v);
    response.status(p.body.status).type('application/problem+json').send(JSON.stringify(p.body));
  }

  private toProblem(exception: unknown, request: AuthenticatedRequest): ProblemException {
    if (exception instanceof ProblemException) return exception;
    if (exception instanceof DomainError) {
      return problem(DOMAIN_STATUS[exception.kind], DOMAIN_TITLE[exception.kind], exception.message, exception.errors);
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return problem(409, 'Conflict', 'The resource changed while this request was handled; reload and retry.');
    }
    const bodyParserType = (exception as { type?: string })?.type;
    if (bodyParserType === 'entity.too.large') return problem(413, 'Payload too large', 'The request body is too large.');
    if (bodyParserType === 'entity.parse.failed') return problem(400, 'Malformed JSON', 'The request body is not valid JSON.', [{ field: 'body', message: 'is not valid JSON' }]);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const title = status === 404 ? 'Not found' : exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
      return problem(status, title, status === 404 ? `No route ${request.method} ${request.path}` : exception.message);
    }
    this.logger.error(`unhandled error requestId=${request.requestId ?? '-'}`, exception instanceof Error ? exception.stack : String(exception));
    return problem(500, 'Internal error', `Something went wrong on our side; quote request id ${request.requestId ?? '-'}.`);
  }
}
