/** Jest runs TypeScript through ts-jest in transpile-only mode; `npm test` type-checks the whole tree first with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // No forceExit: every suite closes what it opens, and a handle left open must show as a hanging
  // run (find it with `npx jest --detectOpenHandles <folder>`), never be hidden.
};
