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
    const lookups = jest.spyOn(models, 'personYearsInRegionAfter');
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

  it('reads a region in pages, with a turn of the event loop between them, and lists what one read lists', async () => {
    // Given eight Fumeng person-years and a Heze one in the read models, caught up
    const store = new InMemoryEventStore();
    const db = openReadDatabase(':memory:');
    const runner = new ProjectionRunner(store, db, LEDGER_PROJECTIONS);
    const models = new ReadModels(db);
    const ledger = await Ledger.open(store, { clock: fixedClock('2023-12-31T00:00:00Z'), seedPacks: loadSeedPacks() });
    for (let index = 0; index < 9; index += 1) {
      const personId = `p${index}`;
      await ledger.registerPerson({ personId, region: index === 8 ? 'heze' : 'fumeng', scheme: 'RESIDENT' }, meta);
      await ledger.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
      await ledger.submitClaim(inpatientClaim(`c${index}`, personId, '2023-05-02', '30000.00'), meta);
    }
    const head = await store.headPosition();

    // When the index reads Fumeng's 2023 in pages of three, each page queueing other work on the event loop
    const pages = jest.spyOn(models, 'personYearsInRegionAfter');
    let otherWorkRan = false;
    const otherWorkBeforePage: boolean[] = [];
    pages.mockImplementation((...args) => {
      otherWorkBeforePage.push(otherWorkRan);
      otherWorkRan = false;
      setImmediate(() => (otherWorkRan = true));
      return ReadModels.prototype.personYearsInRegionAfter.apply(models, args);
    });
    const listed = await new ReadModelPersonYearIndex(models, runner, 1_000, 3).personYearsInRegion('fumeng', '2023-01-01', '2023-12-31', head);
    const pagesRead = pages.mock.calls.map(([, , , after, limit]) => [after?.personId ?? null, limit]);
    pages.mockRestore();

    // Then it lists the eight person-years in order, as one read does, in three pages with the other work run between them
    expect(listed).toEqual(models.personYearsInRegion('fumeng', '2023-01-01', '2023-12-31'));
    expect(listed!.map((row) => row.personId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(pagesRead).toEqual([[null, 3], ['p2', 3], ['p5', 3]]);
    expect(otherWorkBeforePage).toEqual([false, true, true]);
    db.close();
  });
});

const sortedIds = (events: ReadonlyArray<{ readonly streamName: string; readonly type: string }>): string[] => events.map((event) => `${event.streamName} ${event.type}`).sort();
