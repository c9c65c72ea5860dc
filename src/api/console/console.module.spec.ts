import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ApiCommonModule } from '../common/api-common.module';
import { CONSOLE_CSP } from './console-assets';
import { ConsoleModule } from './console.module';

/** The console's serving rules against a small fake build, inside Nest with the API's error filter. */
describe('ConsoleModule', () => {
  let dir: string;
  let app: INestApplication;

  const start = async (assetsDir: string): Promise<INestApplication> => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiCommonModule, ConsoleModule.forRoot({ assetsDir })] }).compile();
    const created = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await created.init();
    await created.getHttpAdapter().getInstance().ready();
    return created;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await start(dir);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every console page path with index.html, never cached, under a strict CSP', async () => {
    for (const path of ['/console', '/console/', '/console/persons/p-000123', '/console/claims/hz%2F1?asAt=2023-06-01T00:00:00Z']) {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      expect(response.text).toContain('<title>console</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    }
  });

  it('serves hashed assets for a year', async () => {
    const response = await request(app.getHttpServer()).get('/console/assets/index-abc123.js').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-type']).toMatch(/javascript/);
  });

  it('leaves a missing asset and paths outside /console to the API 404 body', async () => {
    for (const path of ['/console/assets/missing.js', '/console/favicon.ico', '/consolex', '/nothing-here']) {
      const response = await request(app.getHttpServer()).get(path).expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('does not answer writes with the page', async () => {
    await request(app.getHttpServer()).post('/console/persons').send({}).expect(404);
  });

  it('says in words that the console is not built, and serves it once it is', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-unbuilt-'));
    const unbuilt = await start(empty);
    try {
      const response = await request(unbuilt.getHttpServer()).get('/console/persons/p-1').expect(503);
      expect(response.body).toMatchObject({ statusCode: 503, code: 'CONSOLE_NOT_BUILT' });
      expect(response.body.message).toContain('npm run build');
      // The answer is public: it names no path of the server's file system (the log does, at start).
      expect(JSON.stringify(response.body)).not.toContain(empty);
      writeFileSync(join(empty, 'index.html'), '<!doctype html><title>late build</title>');
      expect((await request(unbuilt.getHttpServer()).get('/console').expect(200)).text).toContain('late build');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
