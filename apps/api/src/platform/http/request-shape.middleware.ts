import { NextFunction, Request, Response } from 'express';
import { problem } from './problem';

/**
 * Checks on the shape of every request, before any route sees it. The read models live in MongoDB
 * in production: no client key may become an operator (`$gt`) or a dotted path (`a.b`), wherever
 * it sits in the body or the query, even where the DTO would later drop or refuse it.
 */

const FORBIDDEN_KEY = /^\$|\./;
/** Keys that would reach Object.prototype if some code ever merged the body into an object. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Our deepest DTO is three levels (body → figures → figure); anything far deeper is an attack on the walkers. */
const MAX_DEPTH = 16;

export function rejectOperatorKeys(req: Request, _res: Response, next: NextFunction): void {
  for (const key of Object.keys(req.query ?? {})) {
    // Express's simple query parser keeps `unitId[$ne]` as a literal key; brackets never name one of ours.
    if (FORBIDDEN_KEY.test(key) || /[[\]$]/.test(key) || PROTOTYPE_KEYS.has(key)) {
      return next(problem(400, 'Invalid input', `Query parameter ${JSON.stringify(key)} is not allowed.`, [{ field: key, message: 'is not an allowed parameter name' }]));
    }
  }
  if (req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    const bad = findForbiddenKey(req.body);
    if (bad) return next(problem(400, 'Invalid input', bad.message, [{ field: bad.field, message: bad.reason }]));
  }
  next();
}

function findForbiddenKey(body: object): { field: string; reason: string; message: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { field: path || 'body', reason: `nests deeper than ${MAX_DEPTH} levels`, message: 'The request body is nested too deeply.' };
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      // The field named is the one holding the bad key (`figures[0].value` for {"value": {"$gt": ""}}): that value is what the client must fix.
      const holder = path || key;
      if (FORBIDDEN_KEY.test(key)) return { field: holder, reason: `holds the key ${JSON.stringify(key)}; keys must not start with $ or contain a dot`, message: `Key ${JSON.stringify(key)} is not allowed.` };
      if (PROTOTYPE_KEYS.has(key)) return { field: holder, reason: `holds the reserved key ${JSON.stringify(key)}`, message: `Key ${JSON.stringify(key)} is not allowed.` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The one route that takes files: a data value set's import (CSV or XLSX, beside JSON). */
const IMPORT_PATH = /^\/api\/reports\/[^/]+\/figures\/import\/?$/;
export const IMPORT_MEDIA_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** A body that is not JSON (or, on the import route, CSV or XLSX) is refused (415) rather than silently ignored by the JSON parser. */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (BODY_METHODS.has(req.method) && hasBody && !req.is('application/json')) {
    if (req.method === 'POST' && IMPORT_PATH.test(req.path) && req.is(IMPORT_MEDIA_TYPES)) return next();
    return next(problem(415, 'Unsupported media type', 'Send request bodies as application/json (an import takes text/csv or XLSX too).'));
  }
  next();
}

const BODY_PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'Malformed JSON', 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'Payload too large', 'The request body is larger than 1 MB.'],
  'charset.unsupported': [415, 'Unsupported media type', 'Send request bodies as application/json in UTF-8.'],
  'encoding.unsupported': [415, 'Unsupported media type', 'Content-Encoding is not supported; send the body uncompressed.'],
  'request.aborted': [400, 'Bad request', 'The request body was cut short.'],
  'request.size.invalid': [400, 'Bad request', 'The request body does not match its Content-Length.'],
};

/** Turns body-parser's errors into problems here, while their `type` still says what happened. */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const known = BODY_PARSER_ERRORS[(err as { type?: string })?.type ?? ''];
  if (!known) return next(err);
  const [status, title, detail] = known;
  next(problem(status, title, detail, status === 400 && title === 'Malformed JSON' ? [{ field: 'body', message: 'is not valid JSON' }] : []));
}
