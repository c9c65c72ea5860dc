import { walCheckpointsOf } from '../../src/config/app.config';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { activateBuild, createBuild, createQueryIndexes } from '../../src/projections/projection-builds';
import { REBUILD_BATCH_SIZE } from '../../src/projections/projection-rebuild';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import type { BenchScale } from '../bench-scale';
import type { LedgerFixture } from '../support/ledger-fixture';
import { log, nowMs, perSecond, RssSampler } from '../support/measure';
import type { Report } from '../support/report';
import { RunProfiler } from '../support/run-profiler';
import { checkpointedSize, mibOf, tableBytes } from '../support/store-size';

const REBUILD_PROGRESS_EVERY = 100_000;
/** Issue 13's target for a rebuild, in events per second. */
const REBUILD_TARGET = 200_000;

/**
 * Every projection from scratch over the stored events: fresh builds, and the runner in rebuild
 * mode fed page by page exactly as the rebuild command's `catchUp` does (pages of its batch size,
 * each one `applyBatch`: one transaction for all builds), but with a deadline, so that a store too
 * large for the session is measured on a prefix and extrapolated. The builds are then activated (as
 * the blue/green switch would) so the audit queries read them. `PROFILE_RUNS=rebuild` (and
 * `PROFILE_DIR`) writes a CPU profile of the rebuild alone.
 */
export const measureRebuild = async (fixture: LedgerFixture, scale: BenchScale, report: Report): Promise<ReadDatabase> => {
  const group = 'rebuild';
  const head = await fixture.store.headPosition();
  const db = openReadDatabase(fixture.dataDir);
  const now = (): string => new Date(0).toISOString();
  const builds = db.transaction(() => LEDGER_PROJECTIONS.map((projection) => createBuild(db, projection, 'building', now()))).immediate();
  // Checkpoints as the rebuild command's (WAL_CHECKPOINTS, a thread unless set to inline).
  const mode = { kind: 'rebuild' as const, builds };
  const runner = new ProjectionRunner(fixture.store, db, LEDGER_PROJECTIONS, { mode, clock: () => new Date(0), walCheckpoints: walCheckpointsOf(process.env) });
  runner.prepare();
  const rss = new RssSampler();
  let nextLog = REBUILD_PROGRESS_EVERY;
  log(`rebuild: ${head} events, ${LEDGER_PROJECTIONS.length} projections, budget ${scale.rebuildBudgetSeconds} s`);
  const profiler = RunProfiler.fromEnv();
  await profiler?.start('rebuild');
  rss.begin();
  const started = nowMs();
  const deadline = started + scale.rebuildBudgetSeconds * 1000;
  let after = 0n;
  // Bounded by the head: every page advances `after` by at least one event.
  for (let page = 0; after < head && page <= Number(head); page += 1) {
    const events = await fixture.store.readAll({ afterPosition: after, maxCount: REBUILD_BATCH_SIZE });
    if (events.length === 0) break;
    runner.applyBatch(events, after);
    after = events[events.length - 1]!.position;
    // The batches are synchronous: sample here too, or the timer would rarely fire.
    rss.sample();
    if (after >= nextLog) {
      log(`  rebuilt ${after} of ${head} events`);
      nextLog += REBUILD_PROGRESS_EVERY;
    }
    if (nowMs() > deadline) break;
  }
  const projectionOf = (name: string) => LEDGER_PROJECTIONS.find((projection) => projection.name === name)!;
  // As a rebuild does: the query indexes once over the filled tables, then the switch.
  const indexing = nowMs();
  for (const build of builds) createQueryIndexes(db, projectionOf(build.name), build.build);
  const indexMs = nowMs() - indexing;
  db.transaction(() => builds.forEach((build) => activateBuild(db, projectionOf(build.name), build.build, now()))).immediate();
  const elapsedMs = nowMs() - started;
  await runner.stop();
  const memory = rss.end();
  await profiler?.stop();
  const events = Number(after);
  const rate = perSecond(events, elapsedMs);
  const partial = after < head;
  report.add({
    group,
    label: `all ${LEDGER_PROJECTIONS.length} projections from scratch${partial ? ` (first ${events} of ${head} events: budget reached)` : ''}`,
    value: rate,
    unit: 'events/s',
    detail: `${events} events in ${Math.round(elapsedMs / 1000)} s, batches of ${REBUILD_BATCH_SIZE}, query indexes built at the end in ${Math.round(indexMs)} ms (included)`,
  });
  if (partial) report.add({ group, label: `EXTRAPOLATED: all ${head} events`, value: Number(head) / rate, unit: 's', detail: `at the measured ${Math.round(rate)} events/s; not measured` });
  report.againstLimit('raw read', { label: 'rebuild', value: rate }, REBUILD_TARGET, 'events/s against reading and parsing the anchors\' events alone, on one thread');
  report.add({ group, label: 'RSS start / peak / end', value: memory.peakMiB, unit: 'MiB peak', detail: `${memory.startMiB} / ${memory.peakMiB} / ${memory.endMiB} MiB over ${memory.samples} samples` });
  const eventBytes = checkpointedSize(fixture.store.unsafeDatabaseForTests(), fixture.dataDir, 'events.sqlite');
  const readBytes = checkpointedSize(db, fixture.dataDir, 'read-models.sqlite');
  report.add({ group, label: 'read database / event store size', value: readBytes / eventBytes, unit: '×', detail: `${mibOf(readBytes)} MiB of read models for ${mibOf(eventBytes)} MiB of events (write amplification of the projections)` });
  report.add({ group, label: 'read-model bytes per event', value: readBytes / Math.max(1, events), unit: 'bytes', detail: `event store: ${Math.round(eventBytes / Math.max(1, Number(head)))} bytes per event` });
  report.note(`Read-model bytes per event, by table (dbstat): ${tableBytes(db, events)}.`);
  report.target('read models ≤ 1× the event store', `${(readBytes / eventBytes).toFixed(2)}×`, readBytes <= eventBytes);
  report.target('rebuild ≥ 200,000 events/s with flat memory', `${Math.round(rate)} events/s, RSS ${memory.startMiB} → ${memory.peakMiB} MiB`, rate >= REBUILD_TARGET && memory.peakMiB - memory.startMiB < 256);
  report.extra['rebuild'] = { events, elapsedMs, rate, memory };
  return db;
};
