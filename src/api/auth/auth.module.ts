import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app.config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { Authenticator } from './authenticator';
import { FailedAuthenticationLimiter } from './failed-authentication.limiter';
import { FirstOperatorToken } from './first-operator-token';
import { JsonWritesGuard } from './json-writes.guard';
import { PrincipalThrottlerGuard, rateLimitOf } from './principal-throttler.guard';
import { RegionScope } from './region-scope';
import { RouteDeclarationsCheck } from './route-declarations.check';
import { SlidingWindowStorage } from './sliding-window.storage';

const MINUTE_MS = 60_000;

/**
 * Access control (docs/security.md): the global guards, in this order, authentication and roles
 * (AccessGuard, which counts failed authentications per address in `FailedAuthenticationLimiter`), JSON-only writes (415), then the rate limit per principal (429; counted by
 * `SlidingWindowStorage`, limited by `rateLimitOf`); the first operator token of a new data
 * directory; the start-up check that every route declares who may call it; and region scoping for
 * the controllers.
 */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: rateLimitOf(config.security) }],
        storage: new SlidingWindowStorage(),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    Authenticator,
    FailedAuthenticationLimiter,
    RegionScope,
    FirstOperatorToken,
    RouteDeclarationsCheck,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: JsonWritesGuard },
    { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
  ],
  exports: [Authenticator, RegionScope],
})
export class AuthModule {}
