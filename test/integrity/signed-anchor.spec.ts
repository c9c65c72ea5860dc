import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, contentOf } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { IntegrityGate } from '../../src/integrity/integrity-gate';
import type { SigningKey } from '../../src/integrity/signing-key';
import { verifyOnStart } from '../../src/integrity/startup-verification';
import { signedStore } from './support/signed-store';

/**
 * Where start-up verification resumes. A forger holds every file of the data directory but not the
 * signing key, so the resume point must come from signed state: the newest signed checkpoint, used
 * only while every position up to it is still there and its stored global hash is the signed one.
 * The file `integrity-verified.json`, which earlier versions trusted, is now ignored whatever it says.
 */

const directories: string[] = [];

afterAll(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Twelve events over three streams, a signed checkpoint at 12 (stored at 13, and in the witness file), then `after` more events. */
const writtenStore = async (after = 0): Promise<{ dir: string; key: SigningKey }> => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-anchor-'));
  directories.push(dir);
  return { dir, key: await signedStore(dir, after) };
};

const forge = (dir: string, tamper: (db: Database) => void): void => {
  const db = new BetterSqlite3(join(dir, 'events.sqlite'));
  db.defaultSafeIntegers(true);
  db.transaction(() => tamper(db))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
};

/** The anchor file as earlier versions wrote it, pointed wherever the forger likes: unsigned, so anyone could. */
const forgeAnchorFile = (dir: string, db: Database, position: bigint): void => {
  const { global_hash } = db.prepare('SELECT global_hash FROM events WHERE position = ?').get(position) as { global_hash: string };
  const { count } = db.prepare('SELECT count(*) AS count FROM events WHERE position <= ?').get(position) as { count: bigint };
  writeFileSync(join(dir, 'integrity-verified.json'), `${JSON.stringify({ position: String(position), globalHash: global_hash, eventCount: String(count) })}\n`);
};

interface TailRow {
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const deleteStream = (db: Database, stream: string): void => {
  db.prepare('DELETE FROM events WHERE stream_name = ?').run(stream);
  db.prepare('DELETE FROM streams WHERE stream_name = ?').run(stream);
};

const start = async (dir: string, key: SigningKey): Promise<IntegrityGate> => {
  const store = new SqliteEventStore(dir);
  const gate = new IntegrityGate(key);
  try {
    await verifyOnStart(store, gate, { dataDir: dir, log: () => undefined, error: () => undefined });
  } finally {
    await store.close();
  }
  return gate;
};

describe('where start-up verification resumes', () => {
  it('resumes the global walk at the newest signed checkpoint, with no file telling it where', async () => {
    // Given a store with a signed checkpoint at 12 and two events after its record
    const { dir, key } = await writtenStore(2);
    // When the service starts
    const gate = await start(dir, key);
    // Then it walks only the checkpoint's record and the two events after it
    expect(gate.status).toBe('verified');
    expect(gate.report).toMatchObject({ globalEventsChecked: 3, headPosition: 15n });
    expect(gate.report?.lastVerifiedCheckpoint?.position).toBe('12');
  });

  it('finds a whole stream deleted below the checkpoint although the anchor file was rewritten to the new head', async () => {
    // Given a forger who deletes a stream (events and head row) and points the unsigned anchor at the head
    const { dir, key } = await writtenStore();
    forge(dir, (db) => {
      deleteStream(db, 'person-a');
      forgeAnchorFile(dir, db, 13n);
    });
    // When the service starts
    const gate = await start(dir, key);
    // Then the deletion is found, and nothing may be written (so nothing is signed over it)
    expect(gate.status).toBe('broken');
    expect(gate.reason).toContain('deleted-events');
  });

  it('finds a whole stream deleted below the checkpoint although the anchor file keeps the checkpoint with a lowered count', async () => {
    // Given a forger who leaves the anchor at the signed checkpoint but rewrites its event count
    const { dir, key } = await writtenStore();
    forge(dir, (db) => {
      deleteStream(db, 'person-b');
      forgeAnchorFile(dir, db, 12n);
    });
    // When the service starts
    const gate = await start(dir, key);
    // Then the count below the signed checkpoint no longer equals its position: a full walk names the gap
    expect(gate.status).toBe('broken');
    expect(gate.reason).toContain('deleted-events');
  });

  it('finds an event after the last checkpoint edited, with its stream chain recomputed, before anything signs over it', async () => {
    // Given a forger who edits an event of the unsigned tail and re-links its stream, leaving the global links
    const { dir, key } = await writtenStore(3);
    forge(dir, (db) => {
      db.prepare(`UPDATE events SET data = '{"index":9}' WHERE stream_name = 'person-d' AND revision = 1`).run();
      const update = db.prepare("UPDATE events SET prev_hash = ?, hash = ? WHERE stream_name = 'person-d' AND revision = ?");
      let previous = '0'.repeat(64);
      for (const row of db.prepare("SELECT revision, type, data, metadata FROM events WHERE stream_name = 'person-d' ORDER BY revision").all() as TailRow[]) {
        const hash = chainHash(previous, contentOf(row.type, row.data, row.metadata));
        update.run(previous, hash, row.revision);
        previous = hash;
      }
      db.prepare("UPDATE streams SET last_hash = ? WHERE stream_name = 'person-d'").run(previous);
    });
    // When the service starts
    const gate = await start(dir, key);
    // Then the walk from the signed checkpoint finds the global link that no longer follows
    expect(gate.status).toBe('broken');
    expect(gate.reason).toContain('recomputed-chain');
    expect(gate.reason).toContain('person-d revision 1');
  });
});
