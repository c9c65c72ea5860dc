import { reassessmentThreadsOf, stateCacheEntriesOf, walCheckpointsOf } from '../../src/config/app.config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { ReassessmentThreads } from '../../src/ledger/reassessment-threads';
import type { CommandMetadata, SubmitClaimResult } from '../../src/ledger/ledger.types';
import type { PersonYearIndex } from '../../src/ledger/person-year-index';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { claimAt, personAt, RECORDED_AT, type PopulationSpec, type Region, type SyntheticPerson } from '../population';
import { log, nowMs, perSecond, runConcurrently, temporaryDirectory } from './measure';

/**
 * A ledger on a fresh embedded store (WAL, each group commit synced before it is answered) in a temporary directory, with the seed
 * packs published, and the commands that load the synthetic population into it. The clock is fixed,
 * so every run writes the same event contents (and the same payload sizes).
 */

export const BENCH_CLOCK_ISO = RECORDED_AT.claims;

export interface LedgerFixture {
  readonly dataDir: string;
  readonly store: SqliteEventStore;
  readonly ledger: Ledger;
  /** The ledger's reassessment threads, for another ledger over the same store. */
  readonly reassessmentThreads: ReassessmentThreads;
  /** Closes the ledger, its threads and the store; `keepFiles` leaves the directory for a later phase (e.g. the HTTP app). */
  close(options?: { readonly keepFiles?: boolean }): Promise<void>;
  /** Removes the directory (after close with keepFiles). */
  remove(): void;
}

let seedPacks: PublishedPack[] | null = null;
/** The seed packs are parsed once per process: loading YAML is not what is measured. */
export const benchSeedPacks = (): PublishedPack[] => (seedPacks ??= loadSeedPacks());

export const openLedgerFixture = async (label: string, existingDir?: string, personYearIndex?: PersonYearIndex): Promise<LedgerFixture> => {
  const directory = existingDir ? { path: existingDir, remove: () => undefined } : temporaryDirectory(label);
  // The store checkpoints as the service's does (WAL_CHECKPOINTS, a thread unless set to inline).
  const store = new SqliteEventStore(directory.path, { checkpoints: walCheckpointsOf(process.env) });
  // A large region is reassessed on threads as the service's is (REASSESSMENT_THREADS, 0 for none).
  const reassessmentThreads = new ReassessmentThreads({ store: { dataDir: directory.path, readHorizon: store.readHorizon }, threads: reassessmentThreadsOf(process.env) });
  const ledger = await Ledger.open(store, {
    seedPacks: benchSeedPacks(),
    clock: fixedClock(BENCH_CLOCK_ISO),
    cacheEntries: stateCacheEntriesOf(process.env),
    personYearIndex,
    reassessmentThreads,
  });
  return {
    dataDir: directory.path,
    store,
    ledger,
    reassessmentThreads,
    close: async (options = {}) => {
      await ledger.close();
      await reassessmentThreads.close();
      await store.close();
      if (!options.keepFiles) directory.remove();
    },
    remove: directory.remove,
  };
};

const meta = (recordedAt: string): CommandMetadata => ({ actor: 'bench', recordedAt });

/** One person's commands, in their natural order: register, identities, enroll. Returns the number of commands. */
export const loadPerson = async (ledger: Ledger, person: SyntheticPerson): Promise<number> => {
  await ledger.registerPerson(person.register, meta(RECORDED_AT.identities));
  for (const identity of person.identities) await ledger.recognizeIdentity(identity, meta(RECORDED_AT.identities));
  await ledger.enrollPerson(person.enrollment, meta(RECORDED_AT.enrollment));
  return 2 + person.identities.length;
};

export interface LoadFigures {
  readonly items: number;
  readonly commands: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly failures: number;
  readonly failureSamples: readonly string[];
}

/** Loads persons [from, to) with `concurrency` callers; each caller runs one person's commands in order. */
export const loadPersons = async (ledger: Ledger, spec: PopulationSpec, from: number, to: number, concurrency: number): Promise<LoadFigures> => {
  let commands = 0;
  const started = nowMs();
  const run = await runConcurrently(to - from, concurrency, async (offset) => {
    // Not `commands += await …`: that reads `commands` before the await and loses the other callers' counts.
    const count = await loadPerson(ledger, personAt(spec, from + offset));
    commands += count;
  }, (done) => {
    if (done % 50_000 === 0) log(`  persons loaded: ${done} of ${to - from}`);
  });
  const elapsedMs = nowMs() - started;
  return { items: to - from, commands, elapsedMs, perSecond: perSecond(commands, elapsedMs), failures: run.failures, failureSamples: run.failureSamples };
};

export const submitClaimAt = (ledger: Ledger, spec: PopulationSpec, index: number): Promise<SubmitClaimResult> =>
  ledger.submitClaim(claimAt(spec, index), { actor: 'bench' });

/** Records the population's retroactive recognitions (after the year's claims): each may reassess a person-year. */
export const recordRetroactiveRecognitions = async (
  ledger: Ledger,
  spec: PopulationSpec,
  concurrency: number,
  /** Only the persons of this region (a store built for one region), else everyone's. */
  region: Region | null = null,
): Promise<LoadFigures & { eventsAppended: number }> => {
  const retroactive: number[] = [];
  for (let index = 0; index < spec.persons; index += 1) {
    const person = personAt(spec, index);
    if (person.retroactive && (region === null || person.register.region === region)) retroactive.push(index);
  }
  let eventsAppended = 0;
  const started = nowMs();
  const run = await runConcurrently(retroactive.length, concurrency, async (offset) => {
    const person = personAt(spec, retroactive[offset]!);
    const result = await ledger.recognizeIdentity(person.retroactive!, meta(RECORDED_AT.retroactive));
    eventsAppended += result.events.length;
  });
  const elapsedMs = nowMs() - started;
  return { items: retroactive.length, commands: retroactive.length, elapsedMs, perSecond: perSecond(retroactive.length, elapsedMs), failures: run.failures, failureSamples: run.failureSamples, eventsAppended };
};
