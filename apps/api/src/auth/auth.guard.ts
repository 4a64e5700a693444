import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { JwtSettings, verifyToken } from './jwt';
import { parseRoles, Principal } from './principal';
import { Policy, POLICY_KEY } from './policy.decorator';
import { problem } from '../http/problem';

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');

export type AuthenticatedRequest = Request & { principal?: Principal; requestId?: string };

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly settings: JwtSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!policy) {
      this.deny(request, 'route has no policy');
      throw problem(403, 'Forbidden', 'This route has no access policy.');
    }
    if (policy === 'public') return true;

    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw problem(401, 'Unauthorized', 'A bearer token is required.');
    let principal: Principal;
    try {
      const claims = await verifyToken(this.settings, token);
      principal = new Principal(claims.sub, parseRoles(claims.roles));
    } catch {
      this.deny(request, 'invalid token');
      throw problem(401, 'Unauthorized', 'The bearer token is not valid.');
    }
    request.principal = principal;

    const allowed =
      policy === 'authenticated' ||
      (policy === 'admin' && principal.isAdmin) ||
      (policy === 'auditor-or-admin' && principal.readsAll);
    if (!allowed) {
      this.deny(request, `policy ${policy}`, principal.sub);
      throw problem(403, 'Forbidden', `This route needs the ${policy} role.`);
    }
    return true;
  }

  private deny(request: AuthenticatedRequest, reason: string, sub = '-'): void {
    this.logger.warn(`denied ${request.method} ${request.path} principal=${sub} reason="${reason}" requestId=${request.requestId ?? '-'}`);
  }
}
