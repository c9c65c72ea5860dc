import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { benefitYearStream } from '../../src/ledger/stream-names';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { fumengWithTilt } from '../support/fumeng-tilt';

const meta = { actor: 'test' };
const clock = fixedClock('2023-12-31T00:00:00Z');
const PERSONS = 6;

const claim = (claimId: string, personId: string, total: string) => ({
  claimId,
  personId,
  kind: 'INPATIENT' as const,
  admissionDate: '2023-05-02',
  dischargeDate: '2023-05-12',
  hospitalLevel: 'SECONDARY' as const,
  location: 'IN_COUNTY' as const,
  costs: { total },
});

// Issue 13, limit 5: a region-wide reassessment visits each person-year once; holding every state it
// read evicted the ones commands come back to and made the collector's work grow with the region.
describe('a region-wide reassessment sweeps its person-years', () => {
  it('holds none of the states it reads, and keeps a state already held current', async () => {
    // Given six tilted persons in Fumeng with a large claim each, recorded by another process
    const store = new InMemoryEventStore();
    const writer = await Ledger.open(store, { clock });
    await writer.publishPolicy({ policy: fumengWithTilt('0.70', '2023-01-01') }, meta);
    for (let index = 0; index < PERSONS; index += 1) {
      const personId = `p${index}`;
      await writer.registerPerson({ personId, region: 'fumeng', scheme: 'RESIDENT' }, meta);
      await writer.recognizeIdentity({ personId, category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } }, meta);
      await writer.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
      await writer.submitClaim(claim(`c${index}`, personId, '60000.00'), meta);
    }
    // and a ledger that holds p0's person-year only, because a command just touched it
    const ledger = await Ledger.open(store, { clock });
    await ledger.submitClaim(claim('c0-second', 'p0', '2000.00'), meta);
    await ledger.publishPolicy({ policy: fumengWithTilt('0.75', '2023-01-01-r2', '2023-01-01') }, meta);
    const held = ledger.cacheStats().entries;

    // When the region is reassessed under the correction
    const report = await ledger.reassess({ scope: { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' }, reason: 'tilt 75%' }, meta);

    // Then every person-year changed, and no state was added to those held
    expect(report.personYears).toBe(PERSONS);
    const everyone = Array.from({ length: PERSONS }, (_, index) => benefitYearStream(`p${index}`, 2023));
    expect(new Set(report.events.map((event) => event.streamName))).toEqual(new Set(everyone));
    expect(ledger.cacheStats().entries).toBe(held);
    // and p0's held state moved with the reassessment: its next claim is decided without reading the stream again
    const reads = jest.spyOn(store, 'readStream');
    await ledger.submitClaim(claim('c0-third', 'p0', '1000.00'), meta);
    expect(reads.mock.calls.map(([stream]) => stream)).not.toContain(benefitYearStream('p0', 2023));
    // and what it holds is what a fresh replay of the stream gives: reassessing p0 again changes nothing
    const fresh = await Ledger.open(store, { clock });
    expect((await fresh.reassess({ scope: { personId: 'p0', year: 2023 }, reason: 'check', dryRun: true }, meta)).events).toEqual([]);
  });
});
