import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './roles';

export const ALLOWED_ROLES = 'benefits-ledger:allowed-roles';
export const PUBLIC_ROUTE = 'benefits-ledger:public-route';

/** Declares the roles that may call a route (or every route of a controller). */
export const Allow = (...roles: readonly Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** Declares a route that needs no credential (liveness, the console's static files). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The authenticated principal of the request, set by the authentication guard as `request.principal`. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
