import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Authenticator } from '../../src/api/auth/authenticator';
import { ROLES, type Role } from '../../src/api/auth/roles';
import { createApp } from '../../src/api/app.factory';

export interface TestAppOptions {
  /**
   * Environment of the app. The harness does not read the developer's shell: tests get the same
   * settings on every machine. `NODE_ENV=test` (quiet logs) is added unless given.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type Agent = ReturnType<typeof request.agent>;

export interface CallerOptions {
  /** Limit the token to these regions; every region when omitted. */
  readonly regions?: readonly string[];
}

export interface TestApp {
  readonly app: INestApplication;
  /**
   * A supertest agent bound to the running server that calls with a service token holding every role
   * (the guard still checks it on every request): `await http.get('/health').expect(200)`. Tests of
   * access control use `as(role)` or `anonymous` instead.
   */
  readonly http: Agent;
  /** An agent calling with a fresh service token of these roles (and regions), created through the token store. */
  as(roles: Role | readonly Role[], options?: CallerOptions): Agent;
  /** A fresh service token of these roles, for clients other than supertest (SSE, browsers). */
  tokenFor(roles: Role | readonly Role[], options?: CallerOptions): string;
  /** An agent without any credential. */
  readonly anonymous: Agent;
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
  const tokens = app.get(Authenticator).tokens;
  let created = 0;
  const tokenFor = (roles: Role | readonly Role[], options: CallerOptions = {}): string =>
    tokens.create({ name: `test-${++created}`, roles: typeof roles === 'string' ? [roles] : roles, regions: options.regions ?? null }).token;
  const agentWith = (token: string | null): Agent => {
    const agent = request.agent(app.getHttpServer());
    return token === null ? agent : agent.set('Authorization', `Bearer ${token}`);
  };
  const close = async (): Promise<void> => {
    try {
      await app.close();
    } finally {
      removeDataDir();
    }
  };
  return {
    app,
    http: agentWith(tokenFor(ROLES)),
    as: (roles, options) => agentWith(tokenFor(roles, options)),
    tokenFor,
    anonymous: agentWith(null),
    baseUrl,
    dataDir,
    close,
  };
};
