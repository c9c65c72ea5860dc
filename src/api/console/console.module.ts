import { DynamicModule, Inject, Logger, Module, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../../policy-packs/package-root.locator';
import type { FastifyInstance } from 'fastify';
import { mountConsole } from './console-assets';

export const CONSOLE_ASSETS_DIR = Symbol('CONSOLE_ASSETS_DIR');

/** `<package root>/dist/console`, found the same way from src/ (ts-node, jest) and from dist/. */
export const defaultAssetsDir = (): string => join(findPackageRoot(__dirname), 'dist', 'console');

/**
 * Serves the inspector console (console/, built by `npm run build`) at /console from the service
 * itself: no second server. The handlers are mounted in onModuleInit, that is after Nest has
 * registered the API's routes (none starts with /console) and before it installs its not-found
 * handler, so console pages never reach the API's 404 JSON while a missing asset still does.
 * Import `ConsoleModule` as it is; `forRoot({ assetsDir })` points it elsewhere (tests).
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('ConsoleModule');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(CONSOLE_ASSETS_DIR) private readonly assetsDir?: string,
  ) {}

  static forRoot(options: { readonly assetsDir: string }): DynamicModule {
    return { module: ConsoleModule, providers: [{ provide: CONSOLE_ASSETS_DIR, useValue: options.assetsDir }] };
  }

  onModuleInit(): void {
    const assetsDir = this.assetsDir ?? defaultAssetsDir();
    if (!existsSync(join(assetsDir, 'index.html'))) this.logger.warn(`console not built in ${assetsDir}: /console answers 503 until \`npm run build\``);
    mountConsole(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), assetsDir);
  }
}
