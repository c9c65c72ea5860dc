import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimReassessed } from '../../src/domain/ledger.events';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { ReassessmentProcessManager } from '../../src/ledger/reassessment.process-manager';
import { personStream } from '../../src/ledger/stream-names';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { readDatabaseCheckpoints } from '../../src/projections/process-checkpoints';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';

const meta = { actor: 'test' };
const fumeng2023 = loadSeedPacks().find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;

/** The Fumeng 2023 pack with its tilted critical-illness ratio set to `ratio`, as another revision. */
const fumengWithTilt = (ratio: string, revision: string, corrects?: string, resettleOnPublication = false): PublishedPack => {
  const pack = JSON.parse(JSON.stringify(fumeng2023.pack)) as Record<string, any>;
  pack.revision = revision;
  pack.critical.tilted.schedule.segments[0].ratio = ratio;
  pack.resettleOnPublication = resettleOnPublication;
  if (corrects) pack.corrects = corrects;
  return validatePackObject(pack, `test:${revision}`);
};

describe('automatic reassessment (process manager)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadDatabase;
  let ledger: Ledger;
  let manager: ReassessmentProcessManager;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'process-manager-'));
    store = new SqliteEventStore(dir);
    db = openReadDatabase(dir);
    ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z') });
    manager = new ReassessmentProcessManager(store, ledger, readDatabaseCheckpoints(db));
    await ledger.publishPolicy({ policy: fumengWithTilt('0.70', '2023-01-01') }, meta);
    await ledger.registerPerson({ personId: 'p1', region: 'fumeng', scheme: 'RESIDENT' }, meta);
    await ledger.recognizeIdentity({ personId: 'p1', category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保 2023' } }, meta);
    await ledger.enrollPerson({ personId: 'p1', year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
  });

  afterEach(async () => {
    await manager.stop();
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const claim = (claimId: string, personId = 'p1') => ({
    claimId,
    personId,
    kind: 'INPATIENT' as const,
    admissionDate: '2023-04-01',
    dischargeDate: '2023-04-10',
    hospitalLevel: 'SECONDARY' as const,
    location: 'IN_COUNTY' as const,
    costs: { total: '30000.00' },
    adjudicated: { basic: '10000.00' },
  });

  // Fumeng §二(一)3: 2023年1月起 the tilted critical-illness ratio is 75%, not 70%. Scope 30000, basic 10000:
  // critical 0.70 × (20000 − 6000) = 9800 → 0.75 × 14000 = 10500 (+700); assistance 0.70 × (30000 − 10000 − critical):
  // 7140 → 6650 (−490); 倾斜救助 0.70 × (remainder − 3000): 0.70 × 60 = 42 → 0 (−42). Net +168.00.
  it('leaves a published correction to the operator, whose run records exact deltas, once', async () => {
    const settled = await ledger.submitClaim(claim('c1'), meta);
    expect(settled.settlement.payouts).toEqual({ basic: '10000.00', critical: '9800.00', assistance: '7140.00', reassistance: '42.00' });
    await manager.catchUp();
    await ledger.publishPolicy({ policy: fumengWithTilt('0.75', '2023-01-01-r2', '2023-01-01'), reason: '2023年1月起倾斜支付比例75%', document: '阜蒙政办发〔2022〕9号' }, meta);
    // Publishing a correction pays nothing by itself: the bureau reads the dry run first.
    expect(await manager.catchUp()).toEqual([]);
    const scope = { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' };
    const dry = await ledger.reassess({ scope, reason: 'tilt 75%', correctionId: 'fumeng-tilt', dryRun: true }, meta);
    const run = await ledger.reassess({ scope, reason: 'tilt 75%', correctionId: 'fumeng-tilt' }, meta);
    expect(run.delta).toEqual(dry.delta);
    const reassessed = run.events.filter((event) => event.type === 'ClaimReassessed').map((event) => event.data as ClaimReassessed['data']);
    expect(reassessed).toHaveLength(1);
    expect(reassessed[0]).toMatchObject({ correctionId: 'fumeng-tilt', delta: { basic: '0.00', critical: '700.00', assistance: '-490.00', reassistance: '-42.00' } });
    expect(reassessed[0].next.payouts).toEqual({ basic: '10000.00', critical: '10500.00', assistance: '6650.00', reassistance: '0.00' });
    // The correction's new claims settle at 75% straight away, and nothing is reassessed twice.
    expect((await ledger.submitClaim(claim('c2'), meta)).settlement.payouts.critical).not.toBe('0.00');
    expect(await manager.catchUp()).toEqual([]);
  });

  // Domain contract §4: where the pack says resettleOnPublication (Shanxi §二 可按上一年度的起付标准),
  // publishing the revision that brings the statistic settles the covered claims again, unprompted.
  it('resettles automatically when a revision asks for it on publication', async () => {
    await ledger.submitClaim(claim('c1'), meta);
    await manager.catchUp();
    await ledger.publishPolicy({ policy: fumengWithTilt('0.75', '2023-01-01-r2', '2023-01-01', true), reason: 'statistic published' }, meta);
    const reassessed = (await manager.catchUp()).filter((event) => event.type === 'ClaimReassessed').map((event) => event.data as ClaimReassessed['data']);
    expect(reassessed).toHaveLength(1);
    expect(reassessed[0]).toMatchObject({ correctionId: 'policy-fumeng-2023-01-01-r2', delta: { critical: '700.00' } });
    expect(await manager.catchUp()).toEqual([]);
  });

  // A crash between appending an identity change and reacting to it: the process manager makes it good.
  it('reassesses after a retroactive recognition whose synchronous reaction never ran', async () => {
    await ledger.registerPerson({ personId: 'p2', region: 'fumeng', scheme: 'RESIDENT' }, meta);
    await ledger.enrollPerson({ personId: 'p2', year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
    await ledger.submitClaim(claim('june', 'p2'), meta);
    await manager.catchUp();
    const revision = (await store.readStream(personStream('p2'), { from: 'end', direction: 'backwards', maxCount: 1 }))[0].revision;
    await store.appendToStream(
      personStream('p2'),
      [{
        type: 'IdentityRecognized',
        data: { personId: 'p2', category: 'SUBSISTENCE', validFrom: '2023-01-01', validTo: null, source: { department: 'CIVIL_AFFAIRS', document: '低保 2023-09' }, recordedOn: '2023-09-10' },
        metadata: { eventId: '7b0e3c4e-2d7a-4c55-9d7e-0a8d6d1a2b3c', schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-09-10T08:00:00Z' },
      }],
      revision,
    );
    const reopened = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z') });
    const restarted = new ReassessmentProcessManager(store, reopened, readDatabaseCheckpoints(db));
    const appended = await restarted.catchUp();
    expect(appended.filter((event) => event.type === 'ClaimReassessed')).toHaveLength(1);
    expect(await restarted.catchUp()).toEqual([]);
  });
});
