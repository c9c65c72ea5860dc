import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { benefitYearDecider, personDecider } from '../../src/domain/deciders';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { STATE_SNAPSHOTS_FILE, SqliteStateSnapshots } from '../../src/event-store/sqlite/sqlite-state-snapshots';
import { AggregateStore } from '../../src/ledger/aggregate-store';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { benefitYearStream, personStream } from '../../src/ledger/stream-names';
import { fumengWithTilt, recordFumengClaimant } from '../support/fumeng-tilt';

const meta = { actor: 'test' };
const clock = fixedClock('2023-12-31T00:00:00Z');
const KEY = Buffer.alloc(32, 7);
const YEAR_FORMAT = benefitYearDecider.snapshot!.format;

// Issue 13, limit 5: a reassessment thread starts each stream from the state it kept for it, and a
// kept state is used only while it is sound: signed with the key, and ending at an event the store holds.
describe('states kept apart from their streams', () => {
  let dir: string;
  let store: SqliteEventStore;
  let writer: Ledger;
  let kept: SqliteStateSnapshots;
  const yearOf = (person: string) => benefitYearStream(person, 2023);
  const sweep = (snapshots = kept) => new AggregateStore(store, clock, 1).sweeping({ kept: snapshots, heads: store });
  /** The state as folded from every event, with nothing kept. */
  const folded = async (stream: string) => (await new AggregateStore(store, clock, 1).load(stream, benefitYearDecider)).state;

  beforeEach(async () => {
    // Given two Fumeng claimants, one recognised 低保 with a large claim, one with none
    dir = mkdtempSync(join(tmpdir(), 'state-snapshots-'));
    store = new SqliteEventStore(dir);
    writer = await Ledger.open(store, { clock });
    await writer.publishPolicy({ policy: fumengWithTilt('0.70', '2023-01-01') }, meta);
    await recordFumengClaimant(writer, 0, 'SUBSISTENCE', '180000.00');
    await recordFumengClaimant(writer, 1, null, '3000.00');
    kept = new SqliteStateSnapshots(dir, KEY);
  });
  afterEach(async () => {
    kept.close();
    await writer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the state it folds, starts from it next time, and loads what the events give', async () => {
    // When a person-year is loaded twice through kept states, and its person too
    const first = await sweep().load(yearOf('p0'), benefitYearDecider);
    const person = await sweep().load(personStream('p0'), personDecider);
    kept.flush();
    const second = await sweep().load(yearOf('p0'), benefitYearDecider);

    // Then the first folded the events and kept the state, the second started from the kept one
    expect(kept.takeCounts()).toEqual({ used: 1, refused: 0, written: 1, dropped: 0 });
    expect(second).toEqual(first);
    expect(second.state).toEqual(await folded(yearOf('p0')));
    // and a person, whose few small events cost less to read than a kept state, is folded as before
    expect(personDecider.snapshot).toBeUndefined();
    expect(person.state.enrollments.get(2023)?.contribution).toBe('380.00');
    // and the file, which names persons and their amounts, is private, as its write-ahead log
    for (const file of [STATE_SNAPSHOTS_FILE, `${STATE_SNAPSHOTS_FILE}-wal`]) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it('folds the events appended after a kept state, and keeps the newer state', async () => {
    // Given a kept state of the person-year
    await sweep().load(yearOf('p0'), benefitYearDecider);
    kept.flush();
    // When a correction is appended to it and it is loaded again
    await writer.publishPolicy({ policy: fumengWithTilt('0.80', '2023-01-01-r2', '2023-01-01') }, meta);
    await writer.reassess({ scope: { personId: 'p0', year: 2023 }, reason: 'tilt 80%', correctionId: 'k1' }, meta);
    const loaded = await sweep().load(yearOf('p0'), benefitYearDecider);
    kept.flush();

    // Then it is the state of every event, started from the kept one, and that state is kept
    expect(loaded.revision).toBeGreaterThan(0n);
    expect(loaded.state).toEqual(await folded(yearOf('p0')));
    expect(kept.takeCounts()).toEqual({ used: 1, refused: 0, written: 2, dropped: 0 });
    expect(kept.read(yearOf('p0'), YEAR_FORMAT)?.revision).toBe(loaded.revision);
  });

  it('refuses a kept state changed without the key, and folds the events instead', async () => {
    // Given a kept state whose payout someone raised in the file
    await sweep().load(yearOf('p1'), benefitYearDecider);
    kept.flush();
    const file = new BetterSqlite3(join(dir, STATE_SNAPSHOTS_FILE));
    file.prepare(`UPDATE state_snapshots SET state = replace(state, '"basic":"', '"basic":"9') WHERE stream = ?`).run(yearOf('p1'));
    file.close();
    kept.takeCounts();

    // When it is loaded, and when another key's reader loads it
    const loaded = await sweep().load(yearOf('p1'), benefitYearDecider);

    // Then the changed state is refused and the stream folded from its events
    expect(loaded.state).toEqual(await folded(yearOf('p1')));
    expect(kept.takeCounts()).toMatchObject({ used: 0, refused: 1 });
  });

  it('forgets the states kept under another key when opened with a new one', async () => {
    // Given a kept state, and the signing key replaced
    await sweep().load(yearOf('p1'), benefitYearDecider);
    kept.flush();
    const newKey = new SqliteStateSnapshots(dir, Buffer.alloc(32, 8));

    // Then the new key's reader finds nothing to refuse, and the old key's finds its state gone
    expect(newKey.read(yearOf('p1'), YEAR_FORMAT)).toBeUndefined();
    expect(newKey.takeCounts()).toEqual({ used: 0, refused: 0, written: 0, dropped: 0 });
    expect(kept.read(yearOf('p1'), YEAR_FORMAT)).toBeUndefined();
    newKey.close();
  });

  it('does not start from a kept state whose last event the store does not hold', async () => {
    // Given signed states of p1's person-year kept for p0's (of two claims), ending at p0's head with
    // another hash, and ending before p0's head with a hash p0's next event does not link to
    await writer.submitClaim({ claimId: 'c0-2', personId: 'p0', kind: 'INPATIENT', admissionDate: '2023-06-02', dischargeDate: '2023-06-09', hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '5000.00' } }, meta);
    const p1 = kept.read(yearOf('p1'), YEAR_FORMAT) ?? (await sweep().load(yearOf('p1'), benefitYearDecider), kept.flush(), kept.read(yearOf('p1'), YEAR_FORMAT)!);
    const head = (await store.streamHead(yearOf('p0')))!;
    for (const revision of [head.revision, head.revision - 1n]) {
      kept.keep(yearOf('p0'), YEAR_FORMAT, { ...p1, revision, hash: 'f'.repeat(64) });
      kept.flush();

      // When p0's person-year is loaded
      const loaded = await sweep().load(yearOf('p0'), benefitYearDecider);

      // Then it is folded from its own events, and its own state is kept again
      expect(loaded.state).toEqual(await folded(yearOf('p0')));
      kept.flush();
      expect(kept.read(yearOf('p0'), YEAR_FORMAT)?.hash).toBe(head.hash);
    }
  });

  it('never decodes a state kept in another format', async () => {
    // Given p1's state kept under p0's stream in a format the decider does not have
    await sweep().load(yearOf('p1'), benefitYearDecider);
    kept.flush();
    const p1 = kept.read(yearOf('p1'), YEAR_FORMAT)!;
    const head = (await store.streamHead(yearOf('p0')))!;
    kept.keep(yearOf('p0'), 'benefit-year/0', { ...p1, revision: head.revision, hash: head.hash });
    kept.flush();

    // When p0's person-year is loaded, it is folded from its events
    expect((await sweep().load(yearOf('p0'), benefitYearDecider)).state).toEqual(await folded(yearOf('p0')));
  });

  it('drops and counts the states it cannot write, and decides as before', async () => {
    // Given another connection holding the file's write lock past a short busy timeout
    const impatient = new SqliteStateSnapshots(dir, KEY, 10);
    const file = new BetterSqlite3(join(dir, STATE_SNAPSHOTS_FILE));
    file.exec('BEGIN IMMEDIATE');
    try {
      // When a person-year is loaded and its state written
      const loaded = await sweep(impatient).load(yearOf('p0'), benefitYearDecider);
      impatient.flush();

      // Then the load is what the events give, and the state is counted as dropped, not kept
      expect(loaded.state).toEqual(await folded(yearOf('p0')));
      expect(impatient.takeCounts()).toEqual({ used: 0, refused: 0, written: 0, dropped: 1 });
    } finally {
      file.exec('ROLLBACK');
      file.close();
    }
    expect(impatient.read(yearOf('p0'), YEAR_FORMAT)).toBeUndefined();
    impatient.close();
  });
});
