import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PROJECTIONS, ReadModelScope, readModelScope } from '@app/read-models';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

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

/**
 * Runs a query route's handler (its pipes included) inside the scope of its declared read models.
 * A route without a declaration fails every request: 500, naming the route.
 */
@Injectable()
export class ReadModelScopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const declaration = this.reflector.get<ReadsDeclaration | undefined>(READS_MODELS, context.getHandler());
    if (!declaration) throw new Error(`${route} is a query route that declares no read models (QueryAnswer's reads)`);
    const scope: ReadModelScope = { route, declaration, models: typeof declaration === 'function' ? null : declaration };
    const response = context.switchToHttp().getResponse<Response>();
    // An as-of state the freshness pipe borrowed goes back once the answer (a streamed export too) is sent or the client left.
    response.once('close', () => scope.asOf?.release());
    // next.handle() binds the async context it is called in: the pipes and the handler run in the scope.
    return readModelScope.run(scope, () => next.handle()).pipe(
      map((answer) => {
        if (scope.asOf && !response.headersSent) response.setHeader('X-As-Of-Position', (scope.asOf.position ?? '0').padStart(16, '0'));
        return answer;
      }),
    );
  }
}
