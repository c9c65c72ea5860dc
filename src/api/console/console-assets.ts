import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import serveStatic from 'serve-static';

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

export const notBuiltBody = (assetsDir: string): ConsoleNotBuiltBody => ({
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'CONSOLE_NOT_BUILT',
  message: `The console is not built (no ${join(assetsDir, 'index.html')}): run \`npm run build\`.`,
});

/** The handlers to mount at CONSOLE_PATH, in order. */
export const consoleHandlers = (assetsDir: string): RequestHandler[] => {
  const indexFile = join(assetsDir, 'index.html');
  // Checked per request until found: a build after start-up is picked up without a restart.
  let built = existsSync(indexFile);
  const isBuilt = (): boolean => built || (built = existsSync(indexFile));

  const assets = serveStatic(assetsDir, {
    index: false,
    redirect: false,
    fallthrough: true,
    dotfiles: 'ignore',
    setHeaders: (response, path) => {
      // Vite names every asset by its content hash; index.html is the one file that must stay fresh.
      response.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      response.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });

  const page = (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // A path with an extension is a file: if serve-static did not find it, the API answers 404.
    if (extname(request.path) !== '') return next();
    if (!isBuilt()) {
      response.status(503).json(notBuiltBody(assetsDir));
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', CONSOLE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.sendFile(indexFile, (error?: Error) => {
      if (error && !response.headersSent) next(error);
    });
  };

  return [assets, page];
};
