import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PROJECTIONS, ReadModelScope, readModelScope } from '@app/read-models';
import type { NextFunction, Request, Response } from 'express';

export const READS_MODELS = 'danvan:reads-models';

/**
 * The read models (projection names, as /health lists them) a query route reads: a list, or, when
 * it depends on the query, a function of the validated query (GET /api/reports reads the approval
 * queue only for `awaiting=me`).
 */
export type ReadsDeclaration = readonly string[] | ((query: Record<string, unknown>) => readonly string[]);

function checkNames(names: readonly string[], where: string): readonly string[] {
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (!names.length || unknown.length) {
    throw new Error(`${where}: ${names.length ? `unknown read model ${unknown.join(', ')}` : 'no read model'} (known: ${PROJECTIONS.map((p) => p.name).join(', ')})`);
  }
  return names;
}

/** Resolves a declaration against the validated query; the names are checked. */
export function resolveReads(declaration: ReadsDeclaration, query: Record<string, unknown>, where: string): readonly string[] {
  return checkNames(typeof declaration === 'function' ? declaration(query) : declaration, where);
}

/**
 * Declares the read models a query route reads: `minPosition` waits for these only (FreshnessPipe),
 * and a read of any other during the request fails (the live read models check it). A list is
 * checked when the decorator is applied, so a misspelt name fails at startup.
 */
export const ReadsModels = (declaration: ReadsDeclaration) => {
  if (typeof declaration !== 'function') checkNames(declaration, 'ReadsModels');
  return SetMetadata(READS_MODELS, declaration);
};

/** A request's read-model scope, with the response an as-of answer names its position on. */
export interface HttpReadModelScope extends ReadModelScope {
  readonly response: Response;
}

/**
 * Opens a read-model scope for every request, with no declaration (nothing is checked in it), so
 * that everything the request runs, its guards, pipes and handler, runs inside it; a QueryAnswer
 * route's guard then declares what the query reads (ReadModelScopeGuard). Registered last among
 * the middleware.
 *
 * Not a Nest interceptor: Nest wraps each interceptor's `next.handle()` in `AsyncResource.bind`,
 * which on Node 20 builds deprecation wrappers whose prototype it changes, and on V8 that keeps
 * the request's objects alive past the next minor GC (BENCHMARKS.md, the request thread's minor GCs).
 * The scope's own cost: on Node 20 an AsyncLocalStorage turns on async hooks for the whole process
 * at its first use, and every promise pays for them from then on (about 0.1-0.2 CPU-ms per command
 * at 500 req/s, measured; any process that serves queries paid it before this middleware too).
 */
export function openReadModelScope(req: Request, res: Response, next: NextFunction): void {
  const scope: HttpReadModelScope = { route: null, declaration: null, models: null, response: res };
  readModelScope.run(scope, next);
}

/**
 * Declares a query route's read models in the request's scope: the pipes (FreshnessPipe) and the
 * handler then run with them, and a read of any other model fails. A route without a declaration
 * fails every request: 500, naming the route. An as-of state the freshness pipe borrows goes back
 * once the answer (a streamed export too) is sent or the client left. A guard because guards run
 * after authentication and before the pipes, with the route's handler in hand; it refuses nothing.
 */
@Injectable()
export class ReadModelScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const declaration = this.reflector.get<ReadsDeclaration | undefined>(READS_MODELS, context.getHandler());
    if (!declaration) throw new Error(`${route} is a query route that declares no read models (QueryAnswer's reads)`);
    const scope = readModelScope.getStore();
    if (!scope) throw new Error(`${route} runs outside a read-model scope: openReadModelScope is not registered`);
    scope.route = route;
    scope.declaration = declaration;
    scope.models = typeof declaration === 'function' ? null : declaration;
    context.switchToHttp().getResponse<Response>().once('close', () => scope.asOf?.release());
    return true;
  }
}
