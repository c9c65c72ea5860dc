import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * How the inspector console's built files are served (console/ is built into dist/console by
 * `npm run build`): hashed assets for a year, index.html never from cache, and every other page path
 * under /console answered with index.html (the console routes in the browser). A missing asset or any
 * path with a file extension falls through to the API's own 404, so a broken asset link is an error
 * rather than a page.
 */

export const CONSOLE_PATH = '/console';

/** The console talks to the API on its own origin only; nothing inline, nothing framed. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleNotBuiltBody {
  readonly statusCode: 503;
  readonly error: 'Service Unavailable';
  readonly code: 'CONSOLE_NOT_BUILT';
  readonly message: string;
}

/**
 * The answer to anyone, signed in or not: it names no path of the server's file system (until round
 * 22 it named the install directory); the start-up log says where the console was looked for.
 */
export const NOT_BUILT_BODY: ConsoleNotBuiltBody = {
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'CONSOLE_NOT_BUILT',
  message: 'The console is not built: run `npm run build` on the server.',
};

/**
 * Mounts the console at CONSOLE_PATH: files by name through @fastify/static's `sendFile` (ranges,
 * conditional requests, no way out of the directory), every other page path as index.html.
 */
export const mountConsole = (instance: FastifyInstance, assetsDir: string): void => {
  const indexFile = join(assetsDir, 'index.html');
  // Checked per request until found: a build after start-up is picked up without a restart.
  let built = existsSync(indexFile);
  const isBuilt = (): boolean => built || (built = existsSync(indexFile));

  void instance.register(fastifyStatic, {
    root: assetsDir,
    serve: false,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (reply, path) => {
      // Vite names every asset by its content hash; index.html is the one file that must stay fresh.
      reply.header('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      reply.header('X-Content-Type-Options', 'nosniff');
    },
  });

  const answer = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const path = (request.params as { readonly '*'?: string })['*'] ?? '';
    // A path with an extension is a file: when there is none, sendFile hands over to the API's 404.
    // The router has decoded the path, so "..%2f" arrives as "../", which @fastify/static refuses by
    // throwing (a 500 with a stack trace in the log); no built file has such a name, so it is not found.
    if (extname(path) !== '') return isPlainRelativePath(path) ? reply.sendFile(path) : reply.callNotFound();
    if (!isBuilt()) return reply.status(503).send(NOT_BUILT_BODY);
    reply.header('Cache-Control', 'no-cache');
    reply.header('Content-Security-Policy', CONSOLE_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    return reply.sendFile('index.html');
  };
  instance.get(CONSOLE_PATH, answer);
  instance.get(`${CONSOLE_PATH}/*`, answer);
};

/**
 * True for a path the build can have written: segments of their own, none of them empty, "." or
 * "..", no backslash (a separator on Windows) and no NUL. The console's files are named by Vite
 * ("assets/index-3f2a.js"), so anything else is a probe, never a file.
 */
export const isPlainRelativePath = (path: string): boolean =>
  (!/[\\\0]/.test(path) && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'));
