import { Authenticator } from '../../src/api/auth/authenticator';
import type { Role } from '../../src/api/auth/roles';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app.factory';
import { verifyCommand } from '../../src/cli/commands/verify.command';
import { globalLink, GLOBAL_GENESIS } from '../../src/event-store/global-chain';
import { chainHash, contentOf } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { CHECKPOINT_STREAM } from '../../src/integrity/checkpoint';
import { verifyIntegrity, type IntegrityReport } from '../../src/integrity/integrity-verifier';
import type { SigningKey } from '../../src/integrity/signing-key';
import { describeFindings } from '../../src/integrity/verify-report-text';
import { WITNESS_FILE } from '../../src/integrity/witness.file';
import { SIGNED_STORE_STREAMS, signedStore } from './support/signed-store';

/**
 * The tampering table: one row per kind of forgery, done to the embedded store's file the way an
 * attacker with file access (but without the signing key) would, including the three that the
 * per-stream chains alone let through. Each must be found by `verify`, named with where it is, and
 * make the service refuse writes when it starts on the file.
 */

const WITNESS = WITNESS_FILE;
const STREAMS = SIGNED_STORE_STREAMS;
const directories: string[] = [];

afterAll(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory holding `signedStore`'s store: three streams, a signed checkpoint over them. */
const writtenStore = async (): Promise<{ dir: string; key: SigningKey }> => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-tamper-'));
  directories.push(dir);
  return { dir, key: await signedStore(dir) };
};

interface Row {
  readonly position: bigint;
  readonly stream_name: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

const rowsOf = (db: Database, stream: string): Row[] =>
  db.prepare('SELECT position, stream_name, revision, type, data, metadata, prev_hash, hash FROM events WHERE stream_name = ? ORDER BY revision').all(stream) as Row[];

/** Re-links a stream from `fromRevision` on and fixes its head row: the forgery a per-stream chain cannot see. */
const recomputeStreamChain = (db: Database, stream: string): void => {
  let previous = GLOBAL_GENESIS;
  const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE stream_name = ? AND revision = ?');
  for (const row of rowsOf(db, stream)) {
    const hash = chainHash(previous, contentOf(row.type, row.data, row.metadata));
    update.run(previous, hash, stream, row.revision);
    previous = hash;
  }
  const rows = rowsOf(db, stream);
  db.prepare('UPDATE streams SET revision = ?, last_hash = ? WHERE stream_name = ?').run(rows[rows.length - 1]!.revision, previous, stream);
};

/** Rewrites every stored global link too, which anyone can compute; only the signed checkpoint then shows the change. */
const recomputeGlobalChain = (db: Database): void => {
  let previous = GLOBAL_GENESIS;
  const rows = db.prepare('SELECT position, stream_name, revision, hash FROM events ORDER BY position').all() as Row[];
  const update = db.prepare('UPDATE events SET global_hash = ? WHERE position = ?');
  for (const row of rows) {
    previous = globalLink(previous, { position: row.position, streamName: row.stream_name, revision: row.revision, hash: row.hash });
    update.run(previous, row.position);
  }
};

const editData = (db: Database, stream: string, revision: bigint): void => {
  expect(db.prepare(`UPDATE events SET data = '{"round":9,"stream":"forged"}' WHERE stream_name = ? AND revision = ?`).run(stream, revision).changes).toBe(1);
};

interface Expected {
  readonly problem: string;
  readonly streamName?: string | null;
  readonly revision?: bigint | null;
}

interface TamperCase {
  readonly kind: string;
  readonly tamper: (db: Database, dir: string) => void;
  /** Set for forgeries that break the file itself (SQLite cannot even read it). */
  readonly raw?: (dir: string) => void;
  readonly expected: Expected;
  /**
   * False for the one forgery start-up leaves to the full verify: an edit below the newest signed
   * checkpoint whose stream chain was recomputed and whose global links were left alone. Start-up
   * resumes the global walk at that checkpoint (walking the whole global order at every start would
   * add about a third to it), so only a walk of the links below it shows the change.
   */
  readonly foundAtStartup?: boolean;
}

const CASES: readonly TamperCase[] = [
  { kind: 'an edit of one event', tamper: (db) => editData(db, 'person-b', 1n), expected: { problem: 'altered', streamName: 'person-b', revision: 1n } },
  {
    kind: 'a reorder of two events of one stream',
    tamper: (db) => {
      const move = db.prepare('UPDATE events SET revision = ? WHERE stream_name = ? AND revision = ?');
      move.run(-1n, 'person-b', 1n);
      move.run(1n, 'person-b', 2n);
      move.run(2n, 'person-b', -1n);
    },
    expected: { problem: 'reordered', streamName: 'person-b', revision: 1n },
  },
  {
    kind: 'an edit with the stream chain and head recomputed (passed before)',
    tamper: (db) => {
      editData(db, 'person-b', 1n);
      recomputeStreamChain(db, 'person-b');
    },
    expected: { problem: 'recomputed-chain', streamName: 'person-b', revision: 1n },
    foundAtStartup: false,
  },
  {
    kind: 'an edit with the stream chain, head and every global link recomputed',
    tamper: (db) => {
      editData(db, 'person-b', 1n);
      recomputeStreamChain(db, 'person-b');
      recomputeGlobalChain(db);
    },
    expected: { problem: 'recomputed-chain', streamName: 'person-c', revision: 3n },
  },
  {
    kind: 'the last event of a stream deleted and its head fixed (passed before)',
    tamper: (db) => {
      db.prepare('DELETE FROM events WHERE stream_name = ? AND revision = 3').run('person-b');
      const last = rowsOf(db, 'person-b').pop()!;
      db.prepare('UPDATE streams SET revision = ?, last_hash = ? WHERE stream_name = ?').run(last.revision, last.hash, 'person-b');
      recomputeGlobalChain(db);
    },
    expected: { problem: 'deleted-events', streamName: 'person-c', revision: 3n },
  },
  {
    kind: 'a deleted tail of the store, its checkpoint event and high-water mark included',
    tamper: (db) => {
      db.prepare('DELETE FROM events WHERE position >= 11').run();
      db.prepare("DELETE FROM streams WHERE stream_name = ?").run(CHECKPOINT_STREAM);
      db.prepare('UPDATE streams SET revision = 2, last_hash = (SELECT hash FROM events WHERE stream_name = streams.stream_name AND revision = 2) WHERE stream_name IN (?, ?)').run('person-b', 'person-c');
      db.prepare("UPDATE sqlite_sequence SET seq = 10 WHERE name = 'events'").run();
    },
    expected: { problem: 'deleted-tail', streamName: null },
  },
  {
    kind: 'a whole stream deleted with its head row (passed before)',
    tamper: (db) => {
      db.prepare('DELETE FROM events WHERE stream_name = ?').run('person-a');
      db.prepare('DELETE FROM streams WHERE stream_name = ?').run('person-a');
      recomputeGlobalChain(db);
    },
    expected: { problem: 'deleted-events', streamName: 'person-b', revision: 0n },
  },
  {
    kind: 'a truncated file',
    tamper: () => undefined,
    raw: (dir) => truncateSync(join(dir, 'events.sqlite'), Math.floor(statSync(join(dir, 'events.sqlite')).size / 2)),
    expected: { problem: 'unreadable', streamName: null },
  },
];

const problemsOf = (report: IntegrityReport): Array<{ problem: string; streamName: string | null; revision: bigint | null }> => [
  ...report.findings.map(({ problem, streamName, revision }) => ({ problem, streamName, revision })),
  ...report.breaks.map(({ problem, streamName, revision }) => ({ problem, streamName, revision })),
];

const tampered = async (testCase: TamperCase): Promise<{ dir: string; key: SigningKey }> => {
  const written = await writtenStore();
  const db = new BetterSqlite3(join(written.dir, 'events.sqlite'));
  db.defaultSafeIntegers(true);
  db.transaction(() => testCase.tamper(db, written.dir))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  testCase.raw?.(written.dir);
  return written;
};

/** Verification as the CLI runs it: opening the file is part of it, and a file SQLite cannot open is a finding too. */
/**
 * A file SQLite cannot open is answered as `{ unreadable }`, not as the error itself: errors thrown by
 * the native driver come from another realm than jest's, so `instanceof Error` cannot tell them apart.
 */
const verifyDir = async (dir: string, key: SigningKey): Promise<IntegrityReport | { unreadable: string }> => {
  let store: SqliteEventStore;
  try {
    store = new SqliteEventStore(dir);
  } catch (error) {
    return { unreadable: String(error) };
  }
  try {
    const { readWitnessFile } = await import('../../src/integrity/checkpoint');
    return await verifyIntegrity(store, { publicKey: key, witnesses: readWitnessFile(join(dir, WITNESS)) });
  } finally {
    await store.close();
  }
};

describe('tampering with the embedded store', () => {
  it('finds an untouched store intact, with its checkpoint verified', async () => {
    const { dir, key } = await writtenStore();
    const report = await verifyDir(dir, key);
    expect(report).not.toHaveProperty('unreadable');
    expect(report as IntegrityReport).toMatchObject({ ok: true, findings: [], breaks: [], checkpointsChecked: 1 });
    expect((report as IntegrityReport).lastVerifiedCheckpoint?.position).toBe('12');
  });

  it.each(CASES.map((testCase) => [testCase.kind, testCase] as const))('detects %s with verify, saying which and where', async (_kind, testCase) => {
    const { dir, key } = await tampered(testCase);
    const report = await verifyDir(dir, key);
    if ('unreadable' in report) {
      // SQLite refuses to open the file at all: the CLI reports this as unreadable.
      expect(testCase.expected.problem).toBe('unreadable');
      return;
    }
    expect(report.ok).toBe(false);
    expect(problemsOf(report)).toContainEqual(expect.objectContaining(testCase.expected));
    expect(describeFindings(report).join('\n')).toContain(testCase.expected.problem);
  });

  it.each(CASES.map((testCase) => [testCase.kind, testCase] as const))('makes `benefits-ledger verify` exit 1 naming %s', async (_kind, testCase) => {
    const { dir } = await tampered(testCase);
    const out: string[] = [];
    const output = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), interactive: false };
    expect(await verifyCommand({}, { DATA_DIR: dir }, output)).toBe(1);
    expect(out.join('')).toMatch(new RegExp(`^BROKEN: [^]*${testCase.expected.problem}`));
    if (testCase.expected.streamName) expect(out.join('')).toContain(`${testCase.expected.streamName} revision ${testCase.expected.revision}`);
  });

  it.each(CASES.filter((testCase) => testCase.foundAtStartup !== false).map((testCase) => [testCase.kind, testCase] as const))('refuses writes when the service starts on %s', async (_kind, testCase) => {
    const { dir } = await tampered(testCase);
    let app: Awaited<ReturnType<typeof createApp>>;
    try {
      app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test' } });
      await app.listen(0, '127.0.0.1');
    } catch (error) {
      // A file SQLite cannot open stops the service before it listens: nothing can be written.
      expect(testCase.expected.problem).toBe('unreadable');
      expect(String(error)).toMatch(/database|malformed|not a database/i);
      return;
    }
    try {
      // An operator's credential: the refusal must come from the integrity check, not from the guard.
      const { token } = app.get(Authenticator).tokens.create({ name: 'tampering-operator', roles: ['operator', 'registrar', 'inspector'], regions: null });
      const http = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
      const write = await http.post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' });
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ code: 'STORE_TAMPERED' });
      expect(write.body.message).toContain(testCase.expected.problem);
      const health = await http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.error.integrity).toMatchObject({ status: 'down', verification: 'broken' });
      const read = await http.get('/feed?limit=1');
      expect(read.status).toBe(200);
      expect(read.headers['x-integrity-warning']).toMatch(/^broken: /);
    } finally {
      await app.close();
    }
  });

  it('tells where the forgery is only to operators without region limits, never to a regional or anonymous caller', async () => {
    // Given a store whose person-b stream was edited, and the service refusing writes on it
    const { dir } = await tampered(CASES[0]!);
    const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test' } });
    await app.listen(0, '127.0.0.1');
    try {
      const tokens = app.get(Authenticator).tokens;
      const as = (roles: Role[], regions: string[] | null) =>
        request.agent(app.getHttpServer()).set('Authorization', `Bearer ${tokens.create({ name: `${roles.join('-')}-${regions?.join('-') ?? 'all'}`, roles, regions }).token}`);
      // When a registrar of one region writes, an inspector of it reads, and anyone asks for health
      const write = await as(['registrar'], ['heze']).post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' });
      const read = await as(['inspector'], ['heze']).get('/feed?limit=1');
      const anonymous = await request(app.getHttpServer()).get('/health');
      const regionalOperator = await as(['operator'], ['heze']).get('/health');
      const operator = await as(['operator'], null).get('/health');
      // Then they learn that the store is broken, and only the operator of every region learns where
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ code: 'STORE_TAMPERED', message: expect.stringContaining('failed verification') });
      for (const told of [write.body.message, read.headers['x-integrity-warning'], anonymous.headers['x-integrity-warning'], JSON.stringify(regionalOperator.body)]) {
        expect(told).not.toContain('person-b');
      }
      expect(read.headers['x-integrity-warning']).toMatch(/^broken: /);
      expect(regionalOperator.body).toEqual({ status: 'error' });
      expect(operator.body.error.integrity.message).toContain('person-b');
    } finally {
      await app.close();
    }
  });

  it('leaves an edit below the signed checkpoint with its stream chain recomputed to the full verify, which still names it after the service signed on', async () => {
    // Given the one forgery start-up does not look for (see `foundAtStartup`)
    const testCase = CASES.find((candidate) => candidate.foundAtStartup === false)!;
    const { dir } = await tampered(testCase);
    // When the service starts on it, writes and signs a checkpoint on the way out
    const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test' } });
    await app.listen(0, '127.0.0.1');
    try {
      const { token } = app.get(Authenticator).tokens.create({ name: 'tampering-operator', roles: ['operator', 'registrar'], regions: null });
      const http = request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
      await http.post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      // Then the full verification names the edit: the new checkpoint chains from the stored links,
      // which still commit to the original event, so no signature covers the forged content
      const verified = await http.get('/audit/verify').expect(200);
      expect(verified.body.ok).toBe(false);
      expect(verified.body.findings).toContainEqual(expect.objectContaining({ problem: 'recomputed-chain', streamName: 'person-b', revision: '1' }));
    } finally {
      await app.close();
    }
    const out: string[] = [];
    const output = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), interactive: false };
    expect(await verifyCommand({}, { DATA_DIR: dir }, output)).toBe(1);
    expect(out.join('')).toContain('person-b revision 1');
  });
});

describe('the scheduled full verification', () => {
  /** Waits (bounded) until `done` holds, polling every 100 ms: a worker thread under ts-node takes seconds to start. */
  const eventually = async (done: () => Promise<boolean>, withinMs: number): Promise<void> => {
    for (const deadline = Date.now() + withinMs; Date.now() < deadline; ) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`not within ${withinMs} ms`);
  };

  const started = async (dir: string) => {
    const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test', FULL_VERIFY_FIRST_AFTER_SECONDS: '1' } });
    await app.listen(0, '127.0.0.1');
    const { token } = app.get(Authenticator).tokens.create({ name: 'scheduled-operator', roles: ['operator', 'registrar'], regions: null });
    return { app, http: request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`) };
  };

  it('finds, without anyone asking, the edit start-up lets through, and stops writes naming it', async () => {
    // Given the forgery start-up does not look for, and a service that passed start-up on it
    const testCase = CASES.find((candidate) => candidate.foundAtStartup === false)!;
    const { dir } = await tampered(testCase);
    const { app, http } = await started(dir);
    try {
      await http.post('/persons').send({ personId: 'p-before', region: 'heze', scheme: 'RESIDENT' }).expect(201);
      // When its first full verification has run, a second after start-up
      await eventually(async () => (await http.get('/health')).status === 503, 60_000);
      // Then writes are refused with the finding, and health says when and what the walk found
      const write = await http.post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' });
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ code: 'STORE_TAMPERED', message: expect.stringContaining('recomputed-chain') });
      const health = await http.get('/health');
      expect(health.body.error.integrity).toMatchObject({
        verification: 'broken',
        lastFullVerification: { trigger: 'schedule', ok: false, problems: expect.arrayContaining(['recomputed-chain']) },
      });
    } finally {
      await app.close();
    }
  });

  it('passes on an untouched store and leaves writes alone', async () => {
    const { dir } = await writtenStore();
    const { app, http } = await started(dir);
    try {
      const fullVerification = async () => (await http.get('/health')).body.info?.integrity?.lastFullVerification;
      await eventually(async () => (await fullVerification()) != null, 60_000);
      expect(await fullVerification()).toMatchObject({ trigger: 'schedule', ok: true, problems: [] });
      await http.post('/persons').send({ personId: 'p-after', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    } finally {
      await app.close();
    }
  });
});
