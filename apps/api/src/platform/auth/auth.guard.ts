import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest } from '../http/authenticated-request';
import { problem } from '../http/problem';
import { Authenticator } from './authenticator';
import { Policy, POLICY_KEY } from './policy.decorator';


const UNAUTHORIZED = { 'WWW-Authenticate': 'Bearer realm="danvan-ledger"' };
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer realm="danvan-ledger", error="invalid_token"' };

/**
 * Authentication and the route-level policy. Denials are thrown as problems carrying a reason;
 * the problem filter logs and counts every 401/403 in one place, including the object-level ones
 * the handlers throw.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!policy) {
      throw problem(403, 'Forbidden', 'This route has no access policy.').deny('no_policy', `${context.getClass().name}.${context.getHandler().name} has no @Access`);
    }
    if (policy === 'public') return true;

    const auth = await this.authenticator.authenticate(request);
    if (auth.kind === 'anonymous') throw problem(401, 'Unauthorized', 'A bearer token is required.', [], UNAUTHORIZED).deny('missing_token', 'no bearer token');
    if (auth.kind === 'invalid') throw problem(401, 'Unauthorized', 'The bearer token is not valid.', [], INVALID_TOKEN).deny('invalid_token', auth.reason);
    const principal = auth.principal;
    request.principal = principal;

    const allowed =
      policy === 'authenticated' ||
      (policy === 'admin' && principal.isAdmin) ||
      (policy === 'auditor-or-admin' && principal.readsAll);
    if (!allowed) throw problem(403, 'Forbidden', `This route needs the ${policy} role.`).deny('role', `policy ${policy}, roles [${principal.roles.join(',')}]`);
    return true;
  }
}
