import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { headerOf, type HttpReply, type HttpRequest } from '../common/http-types';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorator';
import { Authenticator } from './authenticator';
import { FailedAuthenticationLimiter } from './failed-authentication.limiter';
import type { Principal, Role } from './roles';

/** What the guard leaves on the request for the handlers (`@CurrentPrincipal`, `@CommandMeta`). */
export type AuthenticatedRequest = HttpRequest & {
  principal?: Principal;
  /** The first of the route's allowed roles the principal holds: the role it acts in (recorded as the actor). */
  actingRole?: Role;
};

/** The route's declaration; a route with neither is refused at start-up (see RouteDeclarationsCheck). */
export const declarationOf = (reflector: Reflector, context: ExecutionContext): { readonly isPublic: boolean; readonly roles: readonly Role[] | undefined } => {
  const targets = [context.getHandler(), context.getClass()];
  return {
    isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
    roles: reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, targets),
  };
};

/**
 * The one global guard: authenticates the caller and enforces the route's `@Allow(...)` (403 for a
 * principal without one of the roles, 401 without a valid credential, 429 once the caller's address
 * has failed too often: `FailedAuthenticationLimiter`). `@Public()` routes let
 * anyone in; a valid credential sent there still sets the principal (so `/health` can add details
 * for an operator). A route that declares neither is refused (403) here as well as at start-up.
 * Every answer of a non-public route is marked `Cache-Control: no-store`: it holds personal data
 * or audit answers that must not linger in a browser or proxy cache.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly failedAuthentications: FailedAuthenticationLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { isPublic, roles } = declarationOf(this.reflector, context);
    const authentication = await this.authenticator.authenticate(headerOf(request, 'authorization'));
    if (authentication.kind === 'authenticated') request.principal = authentication.principal;
    if (isPublic) return true;
    context.switchToHttp().getResponse<HttpReply>().header('Cache-Control', 'no-store');
    if (authentication.kind !== 'authenticated') {
      // Counted here, because the rate limit per principal runs after this guard and never sees a failure.
      await this.failedAuthentications.countFailure(request.ip ?? 'unknown', context.switchToHttp().getResponse<HttpReply>());
      context.switchToHttp().getResponse<HttpReply>().header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(authentication.kind === 'anonymous' ? 'a bearer credential is required' : 'the bearer credential is invalid, expired or revoked');
    }
    const actingRole = roles?.find((role) => authentication.principal.roles.includes(role));
    if (actingRole === undefined) throw new ForbiddenException(`this route needs one of the roles: ${(roles ?? []).join(', ') || '(none declared)'}`);
    request.actingRole = actingRole;
    return true;
  }
}
