import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { openPopulationIndex } from '../../src/projections/population-index.adapter';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase, type ReadDatabase } from '../../src/projections/read-database';
import { PolicySimulator } from '../../src/simulation/policy-simulator';
import type { PopulationIndex } from '../../src/simulation/population-index';
import type { SimulationReport } from '../../src/simulation/simulation.types';
import { inpatientClaim } from '../support/claims';

const meta = { actor: 'test' };
const fumeng2023 = loadSeedPacks().find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;

/** Fumeng's 2023 revision with the tilted critical-illness ratio at 80% and the 低保边缘 subsidy at 80%. */
const draftText = (): string => {
  const pack = JSON.parse(JSON.stringify(fumeng2023.pack)) as Record<string, any>;
  pack.revision = '2023-07-01-draft';
  pack.corrects = '2023-01-01';
  pack.critical.tilted.schedule.segments[0].ratio = '0.80';
  pack.subsidy.categories.MARGINAL.percent = '0.80';
  return JSON.stringify(pack);
};


const withoutPosition = ({ position: _position, ...figures }: SimulationReport) => figures;

// Issue 13 item 6: a simulation finds who it replays from the read models, as a reassessment does, and
// falls back to the scan of the log when they lag; either way the figures are the same to the fen.
describe('simulation from the population index', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: Ledger;
  let db: ReadDatabase;
  let runner: ProjectionRunner;
  const input = { packText: draftText(), region: 'fumeng', year: 2023 };

  beforeAll(async () => {
    // Given Fumeng and Heze persons, enrolled for 2023, most with claims (one Fumeng person enrolled without a
    // claim, one with a 2024 claim only), and the read models caught up with the store
    dir = mkdtempSync(join(tmpdir(), 'simulation-index-'));
    store = new SqliteEventStore(dir);
    ledger = await Ledger.open(store, { clock: fixedClock('2024-03-31T00:00:00Z'), seedPacks: loadSeedPacks() });
    for (let index = 0; index < 15; index += 1) {
      const personId = `p${index}`;
      await ledger.registerPerson({ personId, region: index % 3 === 0 ? 'heze' : 'fumeng', scheme: 'RESIDENT' }, meta);
      if (index % 4 === 1) await ledger.recognizeIdentity({ personId, category: 'MARGINAL', validFrom: '2022-06-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster 2022-06' } }, meta);
      await ledger.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
      if (index === 13) await ledger.enrollPerson({ personId, year: 2024, contribution: '400.00', enrolledOn: '2023-12-01' }, meta);
      if (index === 14) continue;
      const date = index === 13 ? '2024-02-02' : '2023-05-02';
      await ledger.submitClaim(inpatientClaim(`c${index}`, personId, date, `${30_000 + index * 1_000}.00`), meta);
      if (index % 5 === 2) await ledger.submitClaim(inpatientClaim(`c${index}-b`, personId, '2023-09-12', '42000.00'), meta);
    }
    db = openReadDatabase(dir);
    runner = new ProjectionRunner(store, db, LEDGER_PROJECTIONS);
    await runner.catchUp();
  }, 60_000);
  afterAll(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the region-year’s streams when the read models have caught up, and reports what the scan reports', async () => {
    const scanned = await new PolicySimulator(store, (region) => ledger.policies(region)).simulate(input);
    const population = openPopulationIndex(dir, 0)!;
    const scans = jest.spyOn(store, 'readAll');
    const reads = jest.spyOn(store, 'readStream');
    try {
      // When the simulation runs with the index of the data directory
      const indexed = await new PolicySimulator(store, (region) => ledger.policies(region), population.index).simulate(input);
      // Then it never walks the log, reads the streams of the 8 Fumeng person-years and the 10 Fumeng persons only,
      // and its report equals the scan's to the fen
      expect(scans).not.toHaveBeenCalled();
      const streams = new Set(reads.mock.calls.map(([stream]) => stream));
      expect([...streams].filter((stream) => stream.includes('2023')).length).toBe(8);
      expect(streams.size).toBe(8 + 10);
      expect(indexed).toEqual(scanned);
      expect(indexed.personYears).toBe(8);
      expect(indexed.subsidies.enrollments).toBe(10);
    } finally {
      scans.mockRestore();
      reads.mockRestore();
      population.close();
    }
  });

  it('scans the log when the read models lag the store, and reports the same', async () => {
    const population = openPopulationIndex(dir, 0)!;
    const lookups = jest.spyOn(population.index, 'populationOf');
    const before = await new PolicySimulator(store, (region) => ledger.policies(region), population.index).simulate(input);
    try {
      // Given a claim recorded after the read models caught up (a Heze claim: Fumeng's figures do not move)
      await ledger.submitClaim(inpatientClaim('c-heze-late', 'p0', '2023-10-02', '31000.00'), meta);
      const scans = jest.spyOn(store, 'readAll');
      // When the simulation runs again
      const lagging = await new PolicySimulator(store, (region) => ledger.policies(region), population.index).simulate(input);
      // Then the index could not answer for the new head, the log was scanned, and the figures are the same
      expect(await lookups.mock.results[1]!.value).toBeNull();
      expect(scans).toHaveBeenCalled();
      expect(withoutPosition(lagging)).toEqual(withoutPosition(before));
      scans.mockRestore();
    } finally {
      population.close();
      await runner.catchUp();
    }
  });

  it('leaves out what the index names but was recorded after the position it reads at', async () => {
    const scanned = await new PolicySimulator(store, (region) => ledger.policies(region)).simulate(input);
    const population = openPopulationIndex(dir, 0)!;
    // Given an index that, while the simulation starts, sees a new Fumeng person enrolled with a claim recorded after its position
    const ahead: PopulationIndex = {
      populationOf: async (region, year, position) => {
        await ledger.registerPerson({ personId: 'p-new', region: 'fumeng', scheme: 'RESIDENT' }, meta);
        await ledger.enrollPerson({ personId: 'p-new', year: 2023, contribution: '380.00', enrolledOn: '2023-06-01' }, meta);
        await ledger.submitClaim(inpatientClaim('c-new', 'p-new', '2023-06-02', '50000.00'), meta);
        await runner.catchUp();
        const answer = await population.index.populationOf(region, year, position);
        expect(answer!.personYears).toContain('p-new');
        expect(answer!.enrolledPersons).toContain('p-new');
        return answer;
      },
    };
    try {
      // When the simulation runs from it, then the new person counts neither as a person-year nor as an enrollment
      const simulated = await new PolicySimulator(store, (region) => ledger.policies(region), ahead).simulate(input);
      expect(withoutPosition(simulated)).toEqual(withoutPosition(scanned));
    } finally {
      population.close();
    }
  });
});
