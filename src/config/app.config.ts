import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { MasterKeySettings } from '../personal-data/master-key';
import { parseBoundedInteger } from './bounded-integer';
import { DEFAULT_INTEGRITY_SETTINGS, parseIntegritySettings, type IntegritySettings } from './integrity.settings';
import { parsePersonalDataSettings } from './personal-data.settings';
import { DEFAULT_STATE_CACHE_ENTRIES } from '../ledger/aggregate-store';
import { DEFAULT_MIN_PERSON_YEARS, MAX_REASSESSMENT_THREADS } from '../ledger/reassessment-threads';
import { DEFAULT_SECURITY, parseSecuritySettings, type SecuritySettings } from './security.config';
import { WAL_CHECKPOINT_MODES, type WalCheckpoints } from '../shared/wal-checkpointer';

/**
 * The service's settings, read once from the environment at start-up and then immutable. The class
 * doubles as the Nest injection token, so a provider asks for `AppConfig` and gets typed values.
 */
export class AppConfig {
  constructor(
    /** TCP port the HTTP server listens on; 0 (tests only) asks the OS for a free one. */
    readonly port: number,
    /** Absolute directory of the embedded store and other local state. */
    readonly dataDir: string,
    /** EventStoreDB / KurrentDB connection string; undefined selects the embedded SQLite store. */
    readonly eventStoreUrl: string | undefined,
    readonly logLevel: LogLevel,
    /** Absolute directory of extra operator policy-pack files, when one is configured. */
    readonly policyDir: string | undefined,
    /** NODE_ENV as given ("production", "test", …); undefined when unset. */
    readonly nodeEnv: string | undefined,
    /** Streams whose state the ledger keeps in memory (STATE_CACHE_ENTRIES); a miss re-reads the stream. */
    readonly stateCacheEntries: number = DEFAULT_STATE_CACHE_ENTRIES,
    /** How checkpoints of the global chain are signed and how often (docs/running.md, "Tamper evidence"). */
    readonly integrity: IntegritySettings = DEFAULT_INTEGRITY_SETTINGS,
    /** Where the personal-data store's master key comes from (see config/personal-data.settings.ts). */
    readonly personalDataKey: MasterKeySettings = { source: { kind: 'generated', dataDir }, previousKeyFiles: [] },
    /** Bind address, OIDC issuer, rate and stream limits (src/config/security.config.ts, docs/security.md). */
    readonly security: SecuritySettings = DEFAULT_SECURITY,
    /** PROJECTIONS_THREAD: project on a worker thread (the default) or in the service's event loop. */
    readonly projectionsThread: ProjectionsThread = 'worker',
    /** WAL_CHECKPOINTS: the embedded store and the read database checkpoint their WAL on a thread of their own (the default) or inline in their commits. */
    readonly walCheckpoints: WalCheckpoints = 'thread',
    /** REASSESSMENT_THREADS: threads a large region-wide reassessment decides its person-years on; 0 keeps it on the event loop. */
    readonly reassessmentThreads: number = defaultReassessmentThreads(),
    /** REASSESSMENT_THREADS_MIN_PERSON_YEARS: a region with fewer person-years is decided on the event loop. */
    readonly reassessmentThreadsMinPersonYears: number = DEFAULT_MIN_PERSON_YEARS,
  ) {}

  /** Which adapter the settings select, for health reports and logs (never the URL: it may hold credentials). */
  get eventStoreBackend(): 'eventstoredb' | 'sqlite' {
    return this.eventStoreUrl === undefined ? 'sqlite' : 'eventstoredb';
  }
}

export { DEFAULT_INTEGRITY_SETTINGS, type IntegritySettings };

export const PROJECTIONS_THREADS = ['worker', 'main'] as const;
export type ProjectionsThread = (typeof PROJECTIONS_THREADS)[number];
export { WAL_CHECKPOINT_MODES, type WalCheckpoints };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const EVENTSTORE_URL_SCHEMES = ['esdb://', 'esdb+discover://', 'kurrentdb://'] as const;

export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = './data';
/**
 * The state cache's default is the ledger's own (src/ledger/aggregate-store.ts says why it is not
 * sized to the population). The bounds keep a typo from starving the ledger (every command
 * re-reading its streams) or from promising more memory than a host has.
 */
export const STATE_CACHE_ENTRIES_MIN = 1_000;
export const STATE_CACHE_ENTRIES_MAX = 20_000_000;

/** Values a caller (tests, the CLI) sets in code; they win over the environment. */
export interface ConfigOverrides {
  readonly port?: number;
  readonly dataDir?: string;
}

export interface ConfigIssue {
  readonly variable: string;
  readonly rule: string;
  readonly value: string | undefined;
}

/** Start-up refusal: lists every invalid setting at once so an operator fixes them in one go. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(['Invalid configuration:', ...issues.map(describeIssue)].join('\n'));
  }
}

const describeIssue = ({ variable, rule, value }: ConfigIssue): string =>
  `  - ${variable} ${rule} (got ${JSON.stringify(value)})`;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The validate function: turns an environment into an `AppConfig` or throws `ConfigValidationError`
 * naming each variable and the rule it breaks. An empty string counts as unset, because
 * `VAR=` in a shell or compose file is the usual way to clear a setting.
 */
export const validateEnvironment = (env: Environment, overrides: ConfigOverrides = {}): AppConfig => {
  const issues: ConfigIssue[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const port = overrides.port ?? parsePort(read('PORT'), issues);
  if (overrides.port !== undefined) checkPortOverride(overrides.port, issues);
  const dataDir = resolve(overrides.dataDir ?? read('DATA_DIR') ?? DEFAULT_DATA_DIR);
  const eventStoreUrl = parseEventStoreUrl(read('EVENTSTORE_URL'), issues);
  const logLevel = parseChoice('LOG_LEVEL', LOG_LEVELS, read('LOG_LEVEL'), defaultLogLevel(env), issues);
  const policyDir = parsePolicyDir(read('POLICY_DIR'), issues);
  const stateCacheEntries = parseStateCacheEntries(read('STATE_CACHE_ENTRIES'), issues);
  const integrity = parseIntegritySettings(read, issues);
  const personalDataKey = parsePersonalDataSettings(read, dataDir, issues);
  const security = parseSecuritySettings(read, issues);
  const projectionsThread = parseChoice('PROJECTIONS_THREAD', PROJECTIONS_THREADS, read('PROJECTIONS_THREAD'), defaultProjectionsThread(env), issues);
  const walCheckpoints = parseWalCheckpoints(env, read('WAL_CHECKPOINTS'), issues);
  const reassessmentThreads = parseReassessmentThreads(read('REASSESSMENT_THREADS'), issues);
  const minPersonYears = parseBoundedInteger(read, 'REASSESSMENT_THREADS_MIN_PERSON_YEARS', 0, MAX_MIN_PERSON_YEARS, DEFAULT_MIN_PERSON_YEARS, issues);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return new AppConfig(port, dataDir, eventStoreUrl, logLevel, policyDir, read('NODE_ENV'), stateCacheEntries, integrity, personalDataKey, security,
    projectionsThread, walCheckpoints, reassessmentThreads, minPersonYears);
};

/**
 * Tests project in their own event loop, and checkpoint the WAL inline, unless they ask for the
 * threads: they drive and inspect the runner directly, and starting a TypeScript worker per test
 * application would cost seconds each.
 */
const defaultProjectionsThread = (env: Environment): ProjectionsThread => (env.NODE_ENV === 'test' ? 'main' : 'worker');

/** One of a fixed list of words (LOG_LEVEL, PROJECTIONS_THREAD, WAL_CHECKPOINTS): unset gives the fallback, anything else is refused by name. */
const parseChoice = <T extends string>(variable: string, choices: readonly T[], text: string | undefined, fallback: T, issues: ConfigIssue[]): T => {
  if (text === undefined) return fallback;
  const choice = choices.find((candidate) => candidate === text);
  if (choice !== undefined) return choice;
  issues.push({ variable, rule: `must be one of ${choices.join(', ')}`, value: text });
  return fallback;
};

const parsePort = (text: string | undefined, issues: ConfigIssue[]): number => {
  if (text === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  issues.push({ variable: 'PORT', rule: 'must be an integer from 1 to 65535', value: text });
  return DEFAULT_PORT;
};

const checkPortOverride = (port: number, issues: ConfigIssue[]): void => {
  // Code may ask for port 0 (any free port), which an operator never needs in the environment.
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return;
  issues.push({ variable: 'port (override)', rule: 'must be an integer from 0 to 65535', value: String(port) });
};

const parseEventStoreUrl = (text: string | undefined, issues: ConfigIssue[]): string | undefined => {
  if (text === undefined || EVENTSTORE_URL_SCHEMES.some((scheme) => text.startsWith(scheme))) return text;
  const rule = `must start with ${EVENTSTORE_URL_SCHEMES.join(', ')} (or be unset for the embedded store)`;
  issues.push({ variable: 'EVENTSTORE_URL', rule, value: text });
  return undefined;
};

/** Tests run quiet unless LOG_LEVEL asks otherwise; jest sets JEST_WORKER_ID in every worker. */
const defaultLogLevel = (env: Environment): LogLevel =>
  env.NODE_ENV === 'test' || env.JEST_WORKER_ID !== undefined ? 'silent' : 'info';

/** A configured but missing pack directory is refused: loading nothing silently would hide an operator's packs. */
const parsePolicyDir = (text: string | undefined, issues: ConfigIssue[]): string | undefined => {
  if (text === undefined) return undefined;
  const directory = resolve(text);
  if (statSync(directory, { throwIfNoEntry: false })?.isDirectory() === true) return directory;
  issues.push({ variable: 'POLICY_DIR', rule: 'must name an existing directory', value: text });
  return undefined;
};

/**
 * A region-wide reassessment is mostly reading and folding streams, which threads share out (one
 * per core measured 1.7× one thread on two cores, docs/performance.md, limit 5); more than four
 * mostly wait on the one writer's disk.
 */
const defaultReassessmentThreads = (): number => Math.min(4, availableParallelism());
/** A province's year is tens of millions of person-years; a minimum above that would only hide a typo. */
const MAX_MIN_PERSON_YEARS = 100_000_000;

const parseReassessmentThreads = (text: string | undefined, issues: ConfigIssue[]): number =>
  parseBoundedInteger(() => text, 'REASSESSMENT_THREADS', 0, MAX_REASSESSMENT_THREADS, defaultReassessmentThreads(), issues);

/** REASSESSMENT_THREADS alone, for the bench's and the CLI's ledgers; an invalid value throws as at start-up. */
export const reassessmentThreadsOf = (env: Environment): number => {
  const issues: ConfigIssue[] = [];
  const threads = parseReassessmentThreads(env.REASSESSMENT_THREADS?.trim() || undefined, issues);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return threads;
};

/** STATE_CACHE_ENTRIES alone, for a bench that opens the ledger without the whole configuration; an invalid value throws as at start-up. */
export const stateCacheEntriesOf = (env: Environment): number => {
  const issues: ConfigIssue[] = [];
  const entries = parseStateCacheEntries(env.STATE_CACHE_ENTRIES?.trim() || undefined, issues);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return entries;
};

const parseStateCacheEntries = (text: string | undefined, issues: ConfigIssue[]): number => {
  if (text === undefined) return DEFAULT_STATE_CACHE_ENTRIES;
  const entries = /^\d{1,9}$/.test(text.replaceAll('_', '')) ? Number(text.replaceAll('_', '')) : NaN;
  if (Number.isInteger(entries) && entries >= STATE_CACHE_ENTRIES_MIN && entries <= STATE_CACHE_ENTRIES_MAX) return entries;
  const rule = `must be an integer from ${STATE_CACHE_ENTRIES_MIN} to ${STATE_CACHE_ENTRIES_MAX}`;
  issues.push({ variable: 'STATE_CACHE_ENTRIES', rule, value: text });
  return DEFAULT_STATE_CACHE_ENTRIES;
};

const parseWalCheckpoints = (env: Environment, text: string | undefined, issues: ConfigIssue[]): WalCheckpoints =>
  parseChoice('WAL_CHECKPOINTS', WAL_CHECKPOINT_MODES, text, env.NODE_ENV === 'test' ? 'inline' : 'thread', issues);

/** WAL_CHECKPOINTS alone, for the bench's stores; an invalid value throws as at start-up. */
export const walCheckpointsOf = (env: Environment): WalCheckpoints => {
  const issues: ConfigIssue[] = [];
  const mode = parseWalCheckpoints(env, env.WAL_CHECKPOINTS?.trim() || undefined, issues);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return mode;
};
