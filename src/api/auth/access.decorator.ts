import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Principal, Role } from './roles';

export const ALLOWED_ROLES = 'benefits-ledger:allowed-roles';
export const PUBLIC_ROUTE = 'benefits-ledger:public-route';

/** OpenAPI extensions carrying the declarations, so the route matrix test reads them from /docs-json. */
export const OPENAPI_ALLOWED_ROLES = 'x-allowed-roles';
export const OPENAPI_PUBLIC = 'x-public';

/** Declares the roles that may call a route (or every route of a controller). */
export const Allow = (...roles: readonly Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ALLOWED_ROLES, roles), ApiExtension(OPENAPI_ALLOWED_ROLES, [...roles]), ApiBearerAuth());

/** Declares a route that needs no credential (liveness, the console's static files). */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(OPENAPI_PUBLIC, true));

/** The authenticated principal of the request, set by the authentication guard as `request.principal`. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
