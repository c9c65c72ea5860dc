import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { ReadModels } from '../../src/projections/read-models';

/** Reads of a person's data answer for registered persons only, the check and the read in one snapshot. */
describe('ReadModels.ofRegistered', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let db: ReadDatabase;
  let models: ReadModels;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-models-'));
    store = new SqliteEventStore(dataDir);
    const metadata = { eventId: randomUUID(), schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-01-01T00:00:00.000Z' };
    await store.appendToStream('person-p-1', [{ type: 'PersonRegistered', data: { personId: 'p-1', region: 'heze', scheme: 'RESIDENT' }, metadata }], 'noStream');
    db = openReadDatabase(dataDir);
    await new ProjectionRunner(store, db, LEDGER_PROJECTIONS).catchUp();
    models = new ReadModels(db);
  });

  afterAll(async () => {
    db.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a registered person, then the read answers inside the same transaction as the check', () => {
    const answer = models.ofRegistered('p-1', () => ({ inTransaction: db.inTransaction, usage: models.usage('p-1', 2023, null).usage.personId }));
    expect(answer).toEqual({ value: { inTransaction: true, usage: 'p-1' } });
    expect(db.inTransaction).toBe(false);
  });

  it('given a person the ledger does not know, then it answers null without reading', () => {
    const read = jest.fn(() => 'read');
    expect(models.ofRegistered('p-unknown', read)).toBeNull();
    expect(read).not.toHaveBeenCalled();
  });

  it('given a read that fails, then the snapshot ends with it and the next read starts afresh', () => {
    expect(() => models.ofRegistered('p-1', () => { throw new Error('failed read'); })).toThrow('failed read');
    expect(db.inTransaction).toBe(false);
    expect(models.isRegistered('p-1')).toBe(true);
  });
});
