import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import type { Category } from '../../src/domain/vocabulary';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';
import { PolicySimulator, SimulationCancelled } from '../../src/simulation/policy-simulator';
import type { SimulationReport } from '../../src/simulation/simulation.types';

const meta = { actor: 'test' };
const PERSONS = 120;
const CLAIMS_PER_PERSON = 3;
const CONTRIBUTION = '380.00';
const CATEGORIES: ReadonlyArray<Category | null> = ['SUBSISTENCE', 'DESTITUTE', 'MARGINAL', null, 'RETURNED_TO_POVERTY', 'EDGE'];
const fumeng2023 = loadSeedPacks().find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;

/**
 * A draft a bureau might try for Fumeng: the tilted critical-illness ratio from 75% to 80%, 低保
 * assistance from 70% to 80% with a 30,000 cap, and the 低保边缘 enrollment subsidy from 60% to 80%.
 */
const draftPack = (revision: string, shiftYears = 0): Record<string, any> => {
  const pack = JSON.parse(JSON.stringify(fumeng2023.pack)) as Record<string, any>;
  pack.revision = revision;
  pack.corrects = '2023-01-01';
  pack.critical.tilted.schedule.segments[0].ratio = '0.80';
  pack.assistance.categories.SUBSISTENCE.ratio = '0.80';
  pack.assistance.categories.SUBSISTENCE.annualCap = '30000';
  pack.subsidy.categories.MARGINAL.percent = '0.80';
  if (shiftYears !== 0) {
    pack.effectiveFrom = `${2023 + shiftYears}-01-01`;
    if (pack.effectiveTo) pack.effectiveTo = `${Number(pack.effectiveTo.slice(0, 4)) + shiftYears}${pack.effectiveTo.slice(4)}`;
    // It still corrects 2023-01-01: that revision is open-ended, so a later draft that did not correct it would overlap it, and publishing refuses that.
  }
  return pack;
};

const claimOf = (person: number, claim: number) => ({
  claimId: `c${person}-${claim}`,
  personId: `p${person}`,
  kind: claim === 2 ? ('OUTPATIENT_CHRONIC' as const) : ('INPATIENT' as const),
  admissionDate: `2023-0${3 + claim * 2}-02`,
  dischargeDate: `2023-0${3 + claim * 2}-12`,
  hospitalLevel: 'SECONDARY' as const,
  location: 'IN_COUNTY' as const,
  costs: { total: `${6000 + ((person * 7919 + claim * 104_729) % 60_000)}.00` },
});

const recordPopulation = async (ledger: Ledger): Promise<void> => {
  for (let person = 0; person < PERSONS; person++) {
    const personId = `p${person}`;
    const category = CATEGORIES[person % CATEGORIES.length];
    await ledger.registerPerson({ personId, region: 'fumeng', scheme: 'RESIDENT' }, meta);
    if (category) await ledger.recognizeIdentity({ personId, category, validFrom: '2022-06-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster 2022-06' } }, meta);
    await ledger.enrollPerson({ personId, year: 2023, contribution: CONTRIBUTION, enrolledOn: '2022-12-01' }, meta);
    for (let claim = 0; claim < CLAIMS_PER_PERSON; claim++) await ledger.submitClaim(claimOf(person, claim), meta);
  }
};

const withoutPosition = ({ position: _position, ...figures }: SimulationReport) => figures;

// Issue 17: a draft pack's cost on the recorded population, equal to the fen to what publishing it and reassessing records.
describe('policy impact simulation', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: Ledger;
  let simulator: PolicySimulator;
  const packText = JSON.stringify(draftPack('2023-07-01-draft'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simulation-'));
    store = new SqliteEventStore(dir);
    ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z'), seedPacks: loadSeedPacks().filter((pack) => pack.ref.region === 'fumeng') });
    await recordPopulation(ledger);
    simulator = new PolicySimulator(store, (region) => ledger.policies(region));
  }, 120_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends nothing, names the position it read at, and gives the same figures twice', async () => {
    const head = await store.headPosition();
    const first = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    const second = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    expect(await store.headPosition()).toBe(head);
    expect(first.position).toBe(head.toString());
    expect(second).toEqual(first);
    expect(first.personYears).toBe(PERSONS);
    expect(first.claims).toBe(PERSONS * CLAIMS_PER_PERSON);
    expect(first.changed.claims).toBeGreaterThan(0);
  });

  it('prices the 低保边缘 subsidy at 80% instead of 60% of the contribution for every enrolled 低保边缘 person', async () => {
    const report = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    const marginal = Array.from({ length: PERSONS }, (_, person) => CATEGORIES[person % CATEGORIES.length]).filter((category) => category === 'MARGINAL').length;
    // Fumeng §二(四): 低保边缘 60% of the individual contribution, rounded to the fen; the draft says 80%.
    const expected = new Decimal(CONTRIBUTION).times('0.20').times(marginal);
    expect(report.subsidies.enrollments).toBe(PERSONS);
    expect(report.subsidies.difference).toBe(expected.toFixed(2));
  });

  it('keeps figures as they were at its position while claims keep arriving', async () => {
    const before = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    const running = simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    await ledger.submitClaim({ ...claimOf(0, 9), claimId: 'late-claim', admissionDate: '2023-11-02', dischargeDate: '2023-11-12' }, meta);
    expect(withoutPosition(await running)).toEqual(withoutPosition(before));
  });

  // A finished simulation showed progress 3 of 7 over HTTP: the enrollments counted in the total were priced without reporting.
  it('reports progress up to its total, the enrollments it prices included', async () => {
    const reports: Array<[number, number]> = [];
    await simulator.simulate({ packText, region: 'fumeng', year: 2023 }, { progress: (done, total) => reports.push([done, total]) });
    const [done, total] = reports[reports.length - 1]!;
    expect(total).toBeGreaterThan(PERSONS);
    expect(done).toBe(total);
  });

  it('can be cancelled, and then reports nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(simulator.simulate({ packText, region: 'fumeng', year: 2023 }, { signal: controller.signal })).rejects.toBeInstanceOf(SimulationCancelled);
  });

  it('refuses a draft of another region, naming the field', async () => {
    await expect(simulator.simulate({ packText, region: 'heze', year: 2023 })).rejects.toThrow(/region: the draft is a fumeng pack/);
  });

  // docs/simulation.md: againstYear replays an earlier year; the CLI reaches the simulator without the API's DTO.
  it('refuses an againstYear that is not earlier than the draft year', async () => {
    await expect(simulator.simulate({ packText, region: 'fumeng', year: 2023, againstYear: 2025 })).rejects.toMatchObject({ code: 'AGAINST_YEAR_NOT_EARLIER' });
  });

  // docs/simulation.md: the draft is validated as publishing would; a correction of an unknown revision is refused with publishing's code.
  it('refuses a draft that publishing would refuse, with the same code', async () => {
    const orphan = JSON.stringify({ ...draftPack('2023-07-01-orphan'), corrects: '1999-01-01' });
    await expect(simulator.simulate({ packText: orphan, region: 'fumeng', year: 2023 })).rejects.toMatchObject({ code: 'CORRECTED_REVISION_UNKNOWN' });
  });

  it('replays an earlier recorded year under a later draft with its dates shifted onto that year', async () => {
    const later = JSON.stringify(draftPack('2024-01-01-draft', 1));
    const shifted = await simulator.simulate({ packText: later, region: 'fumeng', year: 2024, againstYear: 2023 });
    const same = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    expect(shifted.year).toBe(2023);
    expect(shifted.draftYear).toBe(2024);
    expect(shifted.totals).toEqual(same.totals);
    expect(shifted.byCategory).toEqual(same.byCategory);
  });

  it('equals, to the fen, what publishing the draft and reassessing the region records', async () => {
    const simulated = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    await ledger.publishPolicy({ policy: validatePackObject(JSON.parse(packText), 'draft') as PublishedPack }, meta);
    const reassessed = await ledger.reassess({ scope: { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' }, reason: 'draft published', correctionId: 'draft-2023' }, meta);
    expect(reassessed.delta).toEqual(simulated.totals.difference);
    // After the real run the ledger pays what the simulation said the draft would pay.
    const after = await simulator.simulate({ packText, region: 'fumeng', year: 2023 });
    expect(after.totals.actual).toEqual(simulated.totals.draft);
    expect(after.totals.difference.total).toBe('0.00');
  }, 60_000);
});
