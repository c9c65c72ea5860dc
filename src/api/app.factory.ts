import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { LedgerMetrics } from './metrics/ledger-metrics';
import { countRefusals } from './metrics/refused-requests.hook';
import { findPackageRoot } from '../policy-packs/package-root.locator';
import { ErrorResponse } from './common/error-response.dto';
import type { SqliteAccessLog } from '../access-log/sqlite-access-log';
import { ReadModels } from '../projections/read-models';
import { recordPersonDataReads } from './access-log/access-log.hook';
import { ACCESS_LOG } from './access-log/access-log.tokens';
import { registerBodyParsers, JSON_BODY_BYTES_MAX } from './common/body-parsers';
import { addSecurityHeaders, securityHeadersOf } from './common/security-headers.hook';
import { answerFrameworkErrors } from './common/framework-errors';
import { echoRequestId, logRequests, requestIdFor, serviceLogger } from './config/logger.config';
import { TABLE_FILE_BYTES_MAX } from '../operations/tabular/tabular-file';
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
  const logger = serviceLogger(config);
  const module = AppModule.withConfig(config, logger);
  const securityHeaders = securityHeadersOf({ contentSecurityPolicy: { directives: { connectSrc: connectSources(config) } } });
  // abortOnError: false makes a failing provider reject this promise instead of killing the process.
  const app = await NestFactory.create<NestFastifyApplication>(module, httpAdapter(securityHeaders), { bufferLogs: true, abortOnError: false, bodyParser: false });
  await registerEdge(app, securityHeaders, logger);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  setUpOpenApi(app);
  return app;
};

/**
 * Fastify, with the service's request ids. A trailing slash names the same route, as it did on
 * Express; paths stay case-sensitive (ids are). Its router's own refusals are answered without
 * quoting the URL, with the security headers every other answer gets from a hook (`answerFrameworkErrors`).
 */
const httpAdapter = (securityHeaders: Readonly<Record<string, string>>): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: JSON_BODY_BYTES_MAX,
    genReqId: requestIdFor,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkErrors(securityHeaders),
  });

/** A table upload (`POST /imports/…`, read by TableUploadInterceptor): one file, and a few fields beside it. */
const UPLOAD_LIMITS = { fileSize: TABLE_FILE_BYTES_MAX, files: 1, fields: 10, parts: 11 } as const;

/**
 * What every request meets before Nest: the service's body parsers (JSON that must be valid UTF-8,
 * see body-parsers.ts; what they refuse reaches the API's exception filter through Nest's own error
 * handler), its request id on every answer, security headers (CSP, HSTS, nosniff, frame-ancestors,
 * referrer policy; console included), bounded table uploads, and the access log of every declared
 * read of a person's data. Fastify sends neither an
 * X-Powered-By banner nor entity tags: a tag on a `no-store` answer would be a hash of a person's data.
 */
const registerEdge = async (app: NestFastifyApplication, securityHeaders: Readonly<Record<string, string>>, logger: PinoLogger): Promise<void> => {
  const instance = app.getHttpAdapter().getInstance();
  registerBodyParsers(instance);
  echoRequestId(instance);
  logRequests(instance, logger);
  countRefusals(instance, app.get(LedgerMetrics));
  addSecurityHeaders(instance, securityHeaders);
  await app.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
  // Before Nest registers its routes (at init), so that each declared read gets its hooks.
  recordPersonDataReads(instance, app.get<SqliteAccessLog>(ACCESS_LOG), app.get(ReadModels, { strict: false }));
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
