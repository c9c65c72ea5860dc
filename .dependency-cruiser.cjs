/**
 * The layer rules of docs/architecture.md, checked by `npm run lint:layers` (part of `npm test`).
 * Paths are relative to the directory the check runs in (the repository root). An import of a
 * package matches both as installed (`node_modules/<name>/…`) and unresolved (`<name>`), so the
 * rules mean the same in the test that runs them on a fixture tree without node_modules.
 */
const pkg = (name) => `(^|node_modules/)${name.replace(/[.]/g, '\\.')}(/|$)`;
const NEST = [pkg('@nestjs/[^/]+'), pkg('nestjs-pino'), pkg('fastify'), pkg('@fastify/[^/]+')].join('|');
/** Layers above the store, in src/: the store may import none of them. */
const ABOVE_STORE = '^src/(domain|ledger|projections|policy-packs|scenario|simulation|personal-data|config|api|cli)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports only itself, the shared leaf and decimal.js: no IO, no framework, no store.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^src/shared/', pkg('decimal.js')], dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-no-node-builtins',
      comment: 'The domain reads no files, clock or network: no Node built-in modules either.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared (canonical JSON, the verify report, the health port) is imported by every layer, so it imports none.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'store-below-domain',
      comment: 'The event store knows events as plain data: it imports neither the domain nor any layer above it.',
      severity: 'error',
      from: { path: '^src/event-store/' },
      to: { path: ABOVE_STORE },
    },
    {
      name: 'no-nest-below-api',
      comment: 'NestJS and Fastify stay at the HTTP edge: nothing outside src/api (and the src/main.ts entry point) imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/api/', '^src/main\\.ts$'] },
      to: { path: NEST },
    },
    {
      name: 'cli-not-api',
      comment: 'The CLI and the HTTP API are two edges over the application layer; neither imports the other.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'api-not-cli',
      comment: 'The CLI and the HTTP API are two edges over the application layer; neither imports the other.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'application-below-edges',
      comment: 'The application layer (ledger) and the read side (projections) do not reach up into an edge or into each other\'s internals: the ledger keeps checkpoints through a port.',
      severity: 'error',
      from: { path: '^src/(ledger|projections|policy-packs|scenario|simulation|integrity|operations)/' },
      to: { path: '^src/(api|cli)/' },
    },
    {
      name: 'ledger-not-projections',
      comment: 'The application layer writes through the store; it does not read the projections\' database.',
      severity: 'error',
      from: { path: '^src/ledger/' },
      to: { path: '^src/(projections|scenario|simulation)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
