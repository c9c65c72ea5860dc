import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import type { ClaimSettled } from '../../src/domain/ledger.events';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import type { SubmitClaimInput } from '../../src/ledger/ledger.types';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

const meta = { actor: 'test' };
const civilAffairs = { department: 'CIVIL_AFFAIRS' as const, document: '菏泽民政低保认定 2023-01' };

const inpatient = (claimId: string, total: string, dischargeDate = '2023-03-10'): SubmitClaimInput => ({
  claimId,
  personId: 'p1',
  kind: 'INPATIENT',
  admissionDate: dischargeDate,
  dischargeDate,
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total },
  // One-stop settlement handed over basic and critical as zero, so the whole scope reaches assistance.
  adjudicated: { basic: '0.00', critical: '0.00' },
});

describe('Ledger (application service) on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: Ledger;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
    store = new SqliteEventStore(dir);
    ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z'), seedPacks: loadSeedPacks() });
    await ledger.registerPerson({ personId: 'p1', region: 'heze', scheme: 'RESIDENT' }, meta);
    await ledger.recognizeIdentity({ personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-01-01', source: civilAffairs }, meta);
    await ledger.enrollPerson({ personId: 'p1', year: 2023, contribution: '380.00', enrolledOn: '2022-11-01' }, meta);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the shipped packs once, however often it is opened', async () => {
    const published = (await store.readAll({ filter: { eventTypes: ['PolicyPublished'] } })).length;
    await Ledger.open(store, { seedPacks: loadSeedPacks() });
    expect((await store.readAll({ filter: { eventTypes: ['PolicyPublished'] } })).length).toBe(published);
  });

  // Heze §一(四): 低保 70% with an annual cap of 70000. 50 concurrent claims of 2000 yuan of policy scope
  // would pay 50 × 1400 = 70000 ... so 60 claims are sent: the cap must hold exactly, whatever the interleaving.
  it('never pays more than the assistance cap, however many claims arrive at once', async () => {
    const claims = Array.from({ length: 60 }, (_, index) => inpatient(`c-${index}`, '2000.00'));
    const results = await Promise.all(claims.map((claim) => ledger.submitClaim(claim, meta)));
    const assistance = results.reduce((total, result) => total.plus(result.settlement.payouts.assistance), new Decimal(0));
    expect(assistance.toFixed(2)).toBe('70000.00');
    const settled = await store.readAll({ filter: { eventTypes: ['ClaimSettled'] } });
    expect(settled).toHaveLength(60);
    expect((settled.map((event) => (event.data as ClaimSettled['data']).sequence)).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
  });

  it('returns the recorded settlement for a resubmitted claim and appends nothing', async () => {
    const first = await ledger.submitClaim(inpatient('c-1', '1000.00'), meta);
    const head = await store.headPosition();
    const again = await ledger.submitClaim(inpatient('c-1', '1000.00'), meta);
    expect(again.duplicate).toBe(true);
    expect(again.settlement.payouts).toEqual(first.settlement.payouts);
    expect(await store.headPosition()).toBe(head);
    await expect(ledger.submitClaim(inpatient('c-1', '1500.00'), meta)).rejects.toMatchObject({ code: 'CLAIM_ID_REUSED' });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a claim of a year the person is not enrolled for, appending nothing', async () => {
    const head = await store.headPosition();
    await expect(ledger.submitClaim(inpatient('c-2024', '1000.00', '2024-02-01'), meta)).rejects.toMatchObject({ code: 'NOT_ENROLLED' });
    expect(await store.headPosition()).toBe(head);
  });

  // Domain contract §2: a retroactive grant whose validity covers settled claims reassesses them.
  it('reassesses covered claims after a retroactive recognition', async () => {
    await ledger.registerPerson({ personId: 'p2', region: 'heze', scheme: 'RESIDENT' }, meta);
    await ledger.enrollPerson({ personId: 'p2', year: 2023, contribution: '380.00', enrolledOn: '2022-11-01' }, meta);
    const before = await ledger.submitClaim({ ...inpatient('june', '3000.00', '2023-06-15'), personId: 'p2' }, meta);
    expect(before.settlement.payouts.assistance).toBe('0.00');
    const recognized = await ledger.recognizeIdentity({ personId: 'p2', category: 'SUBSISTENCE', validFrom: '2023-05-01', source: civilAffairs }, { ...meta, recordedAt: '2023-09-10T08:00:00Z' });
    const reassessed = recognized.events.filter((event) => event.type === 'ClaimReassessed');
    expect(reassessed).toHaveLength(1);
    expect(reassessed[0].data).toMatchObject({ claimId: 'june', delta: { assistance: '2100.00' } });
    const again = await ledger.reassess({ scope: { personId: 'p2', year: 2023 }, reason: 'rerun' }, meta);
    expect(again.events).toHaveLength(0);
  });
});
