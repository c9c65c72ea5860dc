import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorator';
import type { Role } from './roles';

/** A route handler of a controller, named for an error message. */
export interface UndeclaredRoute {
  readonly controller: string;
  readonly handler: string;
}

/**
 * Refuses to start when a route declares neither `@Allow(...)` (with at least one role) nor
 * `@Public()`: an undeclared route would otherwise be reachable by no one or, worse, by a guard
 * change, by everyone. The route matrix test catches the same omission before a merge.
 */
@Injectable()
export class RouteDeclarationsCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared = this.undeclaredRoutes();
    if (undeclared.length === 0) return;
    const list = undeclared.map(({ controller, handler }) => `${controller}.${handler}`).join(', ');
    throw new Error(`routes without @Allow(...) or @Public(): ${list}. Declare who may call each one (src/api/auth/access.decorator.ts).`);
  }

  undeclaredRoutes(): UndeclaredRoute[] {
    const found: UndeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (instance === undefined || instance === null || metatype === undefined || metatype === null) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const targets = [handler, metatype];
        const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
        const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, targets);
        if (!isPublic && (roles === undefined || roles.length === 0)) found.push({ controller: metatype.name, handler: name });
      }
    }
    return found;
  }
}
