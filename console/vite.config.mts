import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The inspector console: built into dist/console (next to the compiled service, so the Docker image
 * and `npm start` ship it with no extra step) and served by the service itself at /console.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

// The time-control tests read local time as Beijing time (no daylight saving), whatever the machine's
// zone. It must be set here, in the main thread: a worker thread cannot change the process's zone.
if (process.env.VITEST) process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  root,
  // Every asset URL is absolute under /console/, so deep links (/console/claims/…) load the same bundle.
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    // The output lies outside `root`; emptying it is safe because only this build writes there.
    emptyOutDir: true,
    // Chart.js is the largest part; a civil-service intranet serves it once and caches it.
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run console:dev`: the API of a service started with `npm run start:dev` on port 3000.
    proxy: Object.fromEntries(
      ['/persons', '/claims', '/reports', '/reassessments', '/events', '/policies', '/simulations', '/auth', '/health', '/docs-json'].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Pure functions only: a fork per file would cost more than the tests themselves on 2 cores.
    pool: 'threads',
  },
});
