import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app.factory';

export interface TestAppOptions {
  /**
   * Environment of the app. The harness does not read the developer's shell: tests get the same
   * settings on every machine. `NODE_ENV=test` (quiet logs) is added unless given.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface TestApp {
  readonly app: INestApplication;
  /** A supertest agent bound to the running server: `await http.get('/health').expect(200)`. */
  readonly http: ReturnType<typeof request.agent>;
  /** `http://127.0.0.1:<port>`, for clients other than supertest (SSE, browsers). */
  readonly baseUrl: string;
  /** The fresh temporary data directory of this app; removed by `close()`. */
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Boots the whole service on a fresh temporary data directory and a free port, the way `main.ts`
 * does. Always `close()` it (in `afterAll`/`afterEach`): that closes the store and deletes the directory.
 */
export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-test-'));
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  let app: INestApplication;
  try {
    app = await createApp({ dataDir, port: 0, env: { NODE_ENV: 'test', ...options.env } });
    await app.listen(0, '127.0.0.1');
  } catch (error: unknown) {
    removeDataDir();
    throw error;
  }
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const close = async (): Promise<void> => {
    try {
      await app.close();
    } finally {
      removeDataDir();
    }
  };
  return { app, http: request.agent(app.getHttpServer()), baseUrl, dataDir, close };
};
