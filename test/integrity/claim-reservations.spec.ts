import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Authenticator } from '../../src/api/auth/authenticator';
import { createApp } from '../../src/api/app.factory';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { verifyIntegrity } from '../../src/integrity/integrity-verifier';
import { loadSigningKey } from '../../src/integrity/signing-key';
import { CLAIM_RESERVATION_SOURCE } from '../../src/ledger/claim-id-reused';
import { anEvent } from '../contract/event-store.contract';
import { cliVerify } from './support/signed-store';

/**
 * The reservations table (a claim id is settled once ever, across persons and years) is an ordinary
 * table outside every chain. A forger with the data directory deletes the row `claim-<id>`: the id
 * must still not pay again, and every verification must say the row is gone; an id recorded in two
 * streams must be reported by the full verification.
 */

const directories: string[] = [];
afterAll(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const claim = (claimId: string, personId: string) => ({
  claimId,
  personId,
  kind: 'INPATIENT',
  admissionDate: '2023-03-15',
  dischargeDate: '2023-03-15',
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total: '30000.00' },
});

type App = Awaited<ReturnType<typeof createApp>>;

const started = async (dir: string): Promise<{ app: App; http: ReturnType<typeof request.agent> }> => {
  const app = await createApp({ dataDir: dir, port: 0, env: { NODE_ENV: 'test' } });
  await app.listen(0, '127.0.0.1');
  const { token } = app.get(Authenticator).tokens.create({ name: `clerk-${Date.now()}-${Math.random()}`, roles: ['operator', 'registrar', 'claims-feeder'], regions: null });
  return { app, http: request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`) };
};

/** Two enrolled persons and the claim hz-r-1 settled for the first. */
const settledForFirst = async (): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-reservations-'));
  directories.push(dir);
  const { app, http } = await started(dir);
  try {
    for (const personId of ['p-r-a', 'p-r-b']) {
      await http.post('/persons').send({ personId, region: 'heze', scheme: 'RESIDENT' }).expect(201);
      await http.post(`/persons/${personId}/enrollments`).send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    }
    await http.post('/claims').send(claim('hz-r-1', 'p-r-a')).expect(201);
  } finally {
    await app.close();
  }
  return dir;
};

const deleteReservation = (dir: string, key: string): void => {
  const db = new BetterSqlite3(join(dir, 'events.sqlite'));
  expect(db.prepare('DELETE FROM reservations WHERE key = ?').run(key).changes).toBe(1);
  db.close();
};

describe('claim-id reservations against the recorded settlements', () => {
  it('refuses writes at start, and verify names the settlement, when the reservation row of a settled claim was deleted', async () => {
    // Given a settled claim whose reservation row a forger deleted while the service was stopped
    const dir = await settledForFirst();
    deleteReservation(dir, 'claim-hz-r-1');
    // When the service starts and the same id is submitted for another person
    const { app, http } = await started(dir);
    try {
      const again = await http.post('/claims').send(claim('hz-r-1', 'p-r-b'));
      // Then it is refused because the store failed verification, naming the missing reservation
      expect(again.status).toBe(503);
      expect(again.body).toMatchObject({ code: 'STORE_TAMPERED' });
      expect(again.body.message).toContain('missing-reservation');
      const verified = await http.get('/audit/verify').expect(200);
      expect(verified.body.ok).toBe(false);
      expect(verified.body.findings).toContainEqual(expect.objectContaining({ problem: 'missing-reservation', streamName: 'benefit-year-p-r-a-2023' }));
    } finally {
      await app.close();
    }
    // And the CLI says the same
    const cli = await cliVerify(dir);
    expect(cli.code).toBe(1);
    expect(cli.text).toMatch(/benefit-year-p-r-a-2023 revision \d+ \(position \d+\): missing-reservation: ClaimSettled claimId hz-r-1/);
  }, 60_000);

  it('refuses to settle the id again for another person when the row is deleted while the service runs', async () => {
    // Given a running service with a settled claim, and its reservation row deleted under it
    const dir = await settledForFirst();
    const { app, http } = await started(dir);
    try {
      deleteReservation(dir, 'claim-hz-r-1');
      // When the same claim id is submitted for another person
      const again = await http.post('/claims').send(claim('hz-r-1', 'p-r-b'));
      // Then the recorded settlement holds the id: 409, as if the row were there
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CLAIM_ID_REUSED' });
      // And the running verification reports the row as gone
      const verified = await http.get('/audit/verify').expect(200);
      expect(verified.body.findings).toContainEqual(expect.objectContaining({ problem: 'missing-reservation' }));
    } finally {
      await app.close();
    }
  }, 60_000);

  it('reports an id recorded in two streams in the full verification, and not at start when every id keeps its row', async () => {
    // Given an id recorded by two streams, the first holding its reservation (as a store that paid twice before it kept reservations)
    const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-reservations-'));
    directories.push(dir);
    const key = loadSigningKey({ dataDir: dir });
    const store = new SqliteEventStore(dir, { reservationSources: [CLAIM_RESERVATION_SOURCE] });
    const settled = (claimId: string) => anEvent('ClaimSettled', { claimId, claimHash: 'h1' });
    await store.appendToStream('benefit-year-p-x-2023', [settled('hz-twice')], 'any', { reservations: [{ key: 'claim-hz-twice', fingerprint: 'h1' }] });
    await store.appendToStream('benefit-year-p-y-2023', [settled('hz-twice')], 'any');
    try {
      // When the store is verified in full, and as start-up verifies it
      const full = await verifyIntegrity(store, { publicKey: key });
      const atStart = await verifyIntegrity(store, { publicKey: key, incremental: true });
      // Then the full verification names the id, and start-up finds no deleted row
      expect(full.ok).toBe(false);
      expect(full.findings).toEqual([expect.objectContaining({ problem: 'reused-id', detail: expect.stringContaining('hz-twice is recorded in 2 streams') })]);
      expect(atStart.ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('fills the reservations of a store first written without them once, and reports a row deleted after that', async () => {
    // Given settlements appended by a process that opened the store without its reservation sources
    const dir = mkdtempSync(join(tmpdir(), 'benefits-ledger-reservations-'));
    directories.push(dir);
    const key = loadSigningKey({ dataDir: dir });
    const unreserved = new SqliteEventStore(dir);
    await unreserved.appendToStream('benefit-year-p-x-2023', [anEvent('ClaimSettled', { claimId: 'hz-old', claimHash: 'h1' })], 'any');
    await unreserved.close();
    // When the store is opened with them, Then the settlement is reserved and nothing is reported
    const reserved = new SqliteEventStore(dir, { reservationSources: [CLAIM_RESERVATION_SOURCE] });
    try {
      expect((await verifyIntegrity(reserved, { publicKey: key })).ok).toBe(true);
    } finally {
      await reserved.close();
    }
    // And when the row is deleted afterwards, opening again does not refill it: verification reports it
    deleteReservation(dir, 'claim-hz-old');
    const reopened = new SqliteEventStore(dir, { reservationSources: [CLAIM_RESERVATION_SOURCE] });
    try {
      expect((await verifyIntegrity(reopened, { publicKey: key })).findings).toEqual([expect.objectContaining({ problem: 'missing-reservation' })]);
    } finally {
      await reopened.close();
    }
  });

  it('keeps an untouched store verifying clean, with its settlements reserved', async () => {
    // Given a store with a settled claim and nothing tampered
    const dir = await settledForFirst();
    // When it is verified in full
    const cli = await cliVerify(dir);
    // Then nothing is reported
    expect(cli).toMatchObject({ code: 0, text: expect.stringMatching(/^OK: /) });
  }, 60_000);
});
