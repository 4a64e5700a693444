import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { Policy, POLICY_KEY } from '../auth/policy.decorator';
import { IMPORT_BODY } from '../export/importable';

export interface RouteEntry {
  /** `GET`, `POST`, ... */
  method: string;
  /** Express-style: `/api/reports/:id/approve`. */
  path: string;
  controller: Type<unknown>;
  handler: string;
  /** As the auth guard resolves it: the handler's, else the controller's. */
  policy: Policy | undefined;
  /** The DTO classes behind `@Query()`, `@Param()` and `@Body()`, when the whole object is bound. */
  query?: Type<unknown>;
  params?: Type<unknown>;
  body?: Type<unknown>;
}

/**
 * Every route of every controller the app registered, read from Nest's module container (the same
 * metadata the router and the guard use). The policy test and the OpenAPI enrichment walk it.
 */
export function routeTable(app: INestApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = controller.prototype[handler];
        if (handler === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const paths = [Reflect.getMetadata(PATH_METADATA, fn)].flat() as string[];
        const policy = (Reflect.getMetadata(POLICY_KEY, fn) ?? Reflect.getMetadata(POLICY_KEY, controller)) as Policy | undefined;
        const bound = boundDtos(controller, handler);
        // A route that reads its body itself (a file import) names the DTO of its JSON body.
        const imported = Reflect.getMetadata(IMPORT_BODY, fn) as Type<unknown> | undefined;
        if (imported && !bound.body) bound.body = imported;
        for (const sub of paths) routes.push({ method, path: joinPath(base, sub), controller, handler, policy, ...bound });
      }
    }
  }
  return routes;
}

function joinPath(...parts: string[]): string {
  const joined = parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');
  return `/${joined}`;
}

function boundDtos(controller: Type<unknown>, handler: string): Pick<RouteEntry, 'query' | 'params' | 'body'> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? []) as Type<unknown>[];
  const found: Pick<RouteEntry, 'query' | 'params' | 'body'> = {};
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[arg.index];
    // Only whole-object bindings (`@Query() q: Dto`) carry a DTO; `@Param('id') id: string` does not.
    if (arg.data !== undefined || !type || type === Object || type === String) continue;
    if (kind === RouteParamtypes.QUERY) found.query = type;
    else if (kind === RouteParamtypes.PARAM) found.params = type;
    else if (kind === RouteParamtypes.BODY) found.body = type;
  }
  return found;
}
