import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Principal } from '../auth/principal';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { ProblemException } from '../http/problem';
import { idempotentCommandId } from './command-context';
import { commandContextFrom, Ctx, stableStringify } from './http-command-context';

/** A request as Express hands it to a route after the request-id middleware and the auth guard. */
function request(over: { method?: string; path?: string; body?: unknown; query?: Record<string, unknown>; headers?: Record<string, string>; sub?: string } = {}): AuthenticatedRequest {
  const headers = Object.fromEntries(Object.entries(over.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: over.method ?? 'PUT',
    path: over.path ?? '/units/u1',
    body: 'body' in over ? over.body : { name: 'Trung đoàn 66', kind: 'regiment' },
    query: over.query ?? {},
    headers,
    header: (name: string) => headers[name.toLowerCase()],
    principal: new Principal(over.sub ?? 'alice', ['admin']),
    requestId: 'req-1',
  } as unknown as AuthenticatedRequest;
}

const problemOf = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.getStatus(), body: error.body };
    throw error;
  }
  throw new Error('expected a problem, and the call passed');
};

const hashOf = (over: Parameters<typeof request>[0]) => commandContextFrom(request({ ...over, headers: { 'Idempotency-Key': 'k', ...over?.headers } })).idempotency!.requestHash;

describe('the command context of an HTTP request', () => {
  const now = new Date('2021-07-01T03:00:00.000Z');

  it('carries the caller, the request id as correlation id, and the clock', () => {
    const ctx = commandContextFrom(request(), now);
    expect(ctx).toMatchObject({ actor: { sub: 'alice' }, correlationId: 'req-1', expectedRevision: null, idempotency: null, now: '2021-07-01T03:00:00.000Z' });
  });

  describe('Idempotency-Key', () => {
    it('names the caller-scoped command, and the request\'s hash', () => {
      const ctx = commandContextFrom(request({ headers: { 'Idempotency-Key': 'key-1' } }));
      expect(ctx.commandId).toBe(idempotentCommandId(new Principal('alice', []), 'key-1'));
      expect(ctx.idempotency).toEqual({ key: 'key-1', requestHash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    });

    it('1 to 200 visible ASCII characters pass', () => {
      for (const key of ['a', '!', '~', 'x'.repeat(200), 'order-2021/07#3']) {
        expect(commandContextFrom(request({ headers: { 'Idempotency-Key': key } })).idempotency?.key).toBe(key);
      }
    });

    it('anything else is refused (400), naming the header', () => {
      for (const key of ['', 'x'.repeat(201), 'two words', 'tab\tkey', 'khóa', '\x7f', ' a', 'a ']) {
        expect(problemOf(() => commandContextFrom(request({ headers: { 'Idempotency-Key': key } })))).toEqual({
          status: 400,
          body: {
            type: '/problems/validation-error', title: 'Invalid input', status: 400, detail: 'Idempotency-Key must be 1 to 200 visible ASCII characters.',
            errors: [{ field: 'Idempotency-Key', message: 'is malformed' }],
          },
        });
      }
    });
  });

  describe('If-Match', () => {
    it('an ETag this API issued names the expected revision: quoted, weak, bare, with spaces around', () => {
      for (const [header, revision] of [['"3"', 3], ['W/"3"', 3], ['3', 3], [' "0" ', 0], ['"123456789"', 123456789]] as const) {
        expect(commandContextFrom(request({ headers: { 'If-Match': header } })).expectedRevision).toBe(revision);
      }
    });

    it('anything else is refused (400), naming the header', () => {
      for (const header of ['', '*', '"abc"', '"1234567890"', '"-1"', 'w/"3"', '"3" x', 'x "3"', '"3""', '3.5']) {
        expect(problemOf(() => commandContextFrom(request({ headers: { 'If-Match': header } })))).toEqual({
          status: 400,
          body: {
            type: '/problems/validation-error', title: 'Invalid input', status: 400, detail: 'If-Match must be an ETag this API issued, such as "3".',
            errors: [{ field: 'If-Match', message: 'is malformed' }],
          },
        });
      }
    });
  });

  describe('the request hash: what makes a request the same request', () => {
    it('the same method, path and body hash the same, whatever the key order of the body', () => {
      expect(hashOf({ body: { a: 1, b: { c: 2, d: [1, 2] } } })).toBe(hashOf({ body: { b: { d: [1, 2], c: 2 }, a: 1 } }));
      expect(hashOf({})).toBe(hashOf({}));
    });

    it('the key itself is not part of it', () => {
      expect(hashOf({ headers: { 'Idempotency-Key': 'one' } })).toBe(hashOf({ headers: { 'Idempotency-Key': 'two' } }));
    });

    it('another method, path, body or array order is another request', () => {
      const base = hashOf({});
      expect(hashOf({ method: 'POST' })).not.toBe(base);
      expect(hashOf({ path: '/units/u2' })).not.toBe(base);
      expect(hashOf({ body: { name: 'Trung đoàn 67', kind: 'regiment' } })).not.toBe(base);
      expect(hashOf({ body: [2, 1] })).not.toBe(hashOf({ body: [1, 2] }));
    });

    it('no body hashes as null', () => {
      expect(hashOf({ body: undefined })).toBe(hashOf({ body: null }));
      expect(hashOf({ body: undefined })).not.toBe(hashOf({ body: {} }));
    });

    it('a query, when there is one, is part of it (an import\'s reason and dryRun); an empty one is none', () => {
      const plain = hashOf({});
      expect(hashOf({ query: {} })).toBe(plain);
      expect(hashOf({ query: { dryRun: 'true' } })).not.toBe(plain);
      expect(hashOf({ query: { dryRun: 'true', reason: 'x' } })).toBe(hashOf({ query: { reason: 'x', dryRun: 'true' } }));
      expect(hashOf({ query: { dryRun: 'false' } })).not.toBe(hashOf({ query: { dryRun: 'true' } }));
      const req = request({ headers: { 'Idempotency-Key': 'k' } });
      delete (req as { query?: unknown }).query;
      expect(commandContextFrom(req).idempotency!.requestHash).toBe(plain);
    });

    it('a file\'s bytes hash as they are, with their content type', () => {
      const csv = Buffer.from('unit,indicator,value\nu1,x,1\n');
      const file = (body: Buffer, type: string) => hashOf({ method: 'POST', path: '/import', body, headers: { 'Content-Type': type } });
      expect(file(csv, 'text/csv')).toBe(file(Buffer.from(csv), 'text/csv'));
      expect(file(csv, 'text/csv')).not.toBe(file(Buffer.from('unit,indicator,value\nu1,x,2\n'), 'text/csv'));
      expect(file(csv, 'text/csv')).not.toBe(file(csv, 'application/octet-stream'));
      // The bytes, not their JSON: a buffer is not the object Buffer.toJSON() makes of it.
      expect(file(csv, 'text/csv')).not.toBe(hashOf({ method: 'POST', path: '/import', body: JSON.parse(JSON.stringify(csv)), headers: { 'Content-Type': 'text/csv' } }));
    });
  });

  describe('stableStringify', () => {
    it('is JSON with every object\'s keys sorted, arrays in their order', () => {
      expect(stableStringify({ b: [3, { z: 1, a: 'x' }], a: null, c: { y: true, x: 'é' } })).toBe('{"a":null,"b":[3,{"a":"x","z":1}],"c":{"x":"é","y":true}}');
      expect(stableStringify([])).toBe('[]');
      expect(stableStringify({})).toBe('{}');
      expect(stableStringify('a"b')).toBe('"a\\"b"');
      expect(stableStringify(0)).toBe('0');
      expect(stableStringify(false)).toBe('false');
    });

    it('sorts keys by code unit, as JSON keys compare (upper case before lower case, "a" before "aa")', () => {
      expect(stableStringify({ b: 1, B: 2, aa: 3, a: 4 })).toBe('{"B":2,"a":4,"aa":3,"b":1}');
      expect(stableStringify({ aa: 1, a: 2, b: 3 })).toBe('{"a":2,"aa":1,"b":3}');
    });

    it('what JSON cannot say is null', () => {
      expect(stableStringify(undefined)).toBe('null');
      expect(stableStringify([undefined, () => 1])).toBe('[null,null]');
    });
  });

  it('@Ctx() gives a route the context of its request', () => {
    class Route {
      run(@Ctx() _ctx: unknown) {}
    }
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Route, 'run') as Record<string, { factory: (data: unknown, context: unknown) => unknown }>;
    const { factory } = Object.values(args)[0];
    const ctx = factory(undefined, new ExecutionContextHost([request({ headers: { 'Idempotency-Key': 'k', 'If-Match': '"4"' } }), {}, () => undefined]));
    expect(ctx).toMatchObject({ actor: { sub: 'alice' }, correlationId: 'req-1', expectedRevision: 4, idempotency: { key: 'k' } });
  });
});
