import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { AuthenticatedRequest } from './authenticated-request';

/** `@Actor() actor: Principal` in a route: the caller the auth guard authenticated (every route but a public one has one). */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('@Actor() on a route without an authenticated caller');
  return principal;
});
