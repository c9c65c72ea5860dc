import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { findPackageRoot } from '../policy-packs/package-root.locator';
import { ErrorResponse } from './common/error-response.dto';
import { refuseInvalidUtf8 } from './common/utf8-body';
import { AppModule, AppOptions } from './app.module';
import { AppConfig, validateEnvironment } from '../config/app.config';
import { securePrivateDirectory } from '../security/private-files';

export type { AppOptions } from './app.module';

const API_DESCRIPTION = [
  'Event-sourced ledger of China\'s medical-security safety net for low-income people (医保帮扶 / 三重制度综合保障):',
  'basic insurance, critical-illness insurance, medical assistance and re-assistance settled per identity category,',
  'with enrollment subsidies, annual thresholds and caps, early-warning alerts, and policy corrections replayed as new events.',
  '',
  'Amounts are yuan as strings with exactly two decimals ("937.80").',
  '',
  'Every error answers with the `ErrorResponse` body `{ statusCode, error, code?, message }`:',
  '400 invalid input (`message` lists "path.to.field: rule" lines); 404 unknown record;',
  '409 a concurrent change (`WRONG_EXPECTED_VERSION`) or a reused id (`EVENT_ID_CONFLICT`);',
  '422 a domain refusal with its `code` (e.g. `POLICY_SCOPE_NEGATIVE`); 500 an unexpected failure (details only in the log).',
].join('\n');

/**
 * Builds the application without listening, so `main.ts` and the tests share one set-up. Throws
 * `ConfigValidationError` on invalid settings before anything is opened.
 */
export const createApp = async (options: AppOptions = {}): Promise<INestApplication> => {
  const config = validateEnvironment(options.env ?? process.env, options);
  // Owner-only before any store opens a file there (docs/security.md).
  securePrivateDirectory(config.dataDir, config.eventStoreBackend === 'sqlite' ? ['events.sqlite', 'read-models.sqlite'] : ['read-models.sqlite']);
  const module = AppModule.withConfig(config);
  // abortOnError: false makes a failing provider reject this promise instead of killing the process.
  // The JSON parser is registered by hand so that invalid UTF-8 is refused rather than decoded to U+FFFD.
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useBodyParser('json', { verify: refuseInvalidUtf8 });
  app.useBodyParser('urlencoded', { extended: true });
  // The framework banner tells an attacker which exploits to try and tells a client nothing.
  app.disable('x-powered-by');
  // Answers of non-public routes are `no-store` (they hold personal data), so no cache would use an
  // entity tag; Express would still hash every answer for one, and send a hash of a person's data.
  // The console's static files keep serve-static's own tags.
  app.set('etag', false);
  // Security headers (CSP, HSTS, nosniff, frame-ancestors, referrer policy) on every answer, console included.
  app.use(helmet({ contentSecurityPolicy: { directives: { connectSrc: connectSources(config) } } }));
  app.useLogger(app.get(Logger));
  app.flushLogs();
  setUpOpenApi(app);
  return app;
};

/**
 * The console fetches only from this origin, and, when it signs in at an OIDC issuer, from that
 * issuer (discovery and token endpoints); nothing else may be reached from a page of the service.
 */
const connectSources = (config: AppConfig): string[] => {
  const issuer = config.security.oidc?.issuer;
  return issuer === undefined ? ["'self'"] : ["'self'", new URL(issuer).origin];
};

/** Swagger UI at /docs, the OpenAPI JSON at /docs-json. */
const setUpOpenApi = (app: INestApplication): void => {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('benefits-ledger').setDescription(API_DESCRIPTION).setVersion(packageVersion()).build(),
    { extraModels: [ErrorResponse] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
};

/** Both src/ (ts-node, jest) and dist/ sit one level below the package root. */
const packageVersion = (): string => {
  const manifest = JSON.parse(readFileSync(join(findPackageRoot(__dirname), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
};
