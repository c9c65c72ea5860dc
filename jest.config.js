const { availableParallelism } = require('node:os');

/** Jest runs TypeScript through ts-jest in transpile-only mode; `npm test` type-checks the whole tree first with tsc. */
module.exports = {
  // Jest's default is one worker fewer than the cores: one worker on a 2-core machine, where the
  // suite then took 9 minutes. Two workers took it to 5 (round 21, 147 files, all passing): most
  // files wait on SQLite's syncs, a browser or a thread they start, not on a core.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // No forceExit: every suite closes what it opens, and a handle left open must show as a hanging
  // run (find it with `npx jest --detectOpenHandles <folder>`), never be hidden.
};
