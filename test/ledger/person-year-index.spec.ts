import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { LEDGER_PROJECTIONS } from '../../src/projections/ledger-projections';
import { ReadModelPersonYearIndex } from '../../src/projections/person-year-index.adapter';
import { ProjectionRunner } from '../../src/projections/projection.runner';
import { openReadDatabase } from '../../src/projections/read-database';
import { ReadModels } from '../../src/projections/read-models';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { inpatientClaim } from '../support/claims';
import { fumengWithTilt } from '../support/fumeng-tilt';

const meta = { actor: 'test' };

// Issue 13 item 6: a region-wide reassessment finds its person-years from the read models' index, and
// finds exactly those the scan of the log finds: same report, nothing loaded outside the region or the dates.
describe('reassessment from the person-year index', () => {
  it('reports the same as the scan of the log, and the index holds only the region’s person-years in the dates', async () => {
    // Given persons in Fumeng and Heze with claims in 2023 (and one Fumeng claim outside the scope's dates)
    const store = new InMemoryEventStore();
    const db = openReadDatabase(':memory:');
    const runner = new ProjectionRunner(store, db, LEDGER_PROJECTIONS);
    const models = new ReadModels(db);
    const clock = fixedClock('2023-12-31T00:00:00Z');
    const seedPacks = loadSeedPacks();
    const indexed = await Ledger.open(store, { clock, seedPacks, personYearIndex: new ReadModelPersonYearIndex(models, runner) });
    for (let index = 0; index < 12; index += 1) {
      const personId = `p${index}`;
      const region = index % 3 === 0 ? 'heze' : 'fumeng';
      await indexed.registerPerson({ personId, region, scheme: 'RESIDENT' }, meta);
      await indexed.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
      await indexed.submitClaim(inpatientClaim(`c${index}`, personId, '2023-05-02', `${30_000 + index * 1_000}.00`), meta);
      if (index === 4) await indexed.submitClaim(inpatientClaim('c-late', personId, '2023-11-20', '50000.00'), meta);
    }
    await indexed.publishPolicy({ policy: fumengWithTilt('0.80', '2023-01-01-r2', '2023-01-01') }, meta);
    const scanned = await Ledger.open(store, { clock, seedPacks });

    // When both reassess Fumeng from January to June as a dry run
    const lookups = jest.spyOn(models, 'personYearsInRegion');
    const input = { scope: { region: 'fumeng', from: '2023-01-01', to: '2023-06-30' }, reason: 'ratio corrected', dryRun: true };
    const fromIndex = await indexed.reassess(input, meta);
    const fromScan = await scanned.reassess(input, meta);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups.mock.results[0]!.value).not.toBeNull();

    // Then the reports agree, and the index names the 8 Fumeng person-years only
    expect(fromIndex.personYears).toBe(8);
    expect({ ...fromIndex, events: sortedIds(fromIndex.events) }).toEqual({ ...fromScan, events: sortedIds(fromScan.events) });
    expect(models.personYearsInRegion('fumeng', '2023-01-01', '2023-06-30')!.map((row) => row.personId).sort()).toEqual(['p1', 'p10', 'p11', 'p2', 'p4', 'p5', 'p7', 'p8']);
    expect(models.personYearsInRegion('fumeng', '2023-07-01', '2023-12-31')).toEqual([{ personId: 'p4', year: 2023 }]);
    db.close();
  });
});

const sortedIds = (events: ReadonlyArray<{ readonly streamName: string; readonly type: string }>): string[] => events.map((event) => `${event.streamName} ${event.type}`).sort();
