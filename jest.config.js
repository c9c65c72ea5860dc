/** Jest runs TypeScript through ts-jest in transpile-only mode; `npm test` type-checks the whole tree first with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // In parallel mode the main process was once left waiting after a fully passing run (CI would then
  // hang until its time limit); an in-band run with --detectOpenHandles finds no open handle. Every
  // suite closes what it opens; forceExit only guarantees that the verdict is reported and CI ends.
  forceExit: true,
};
