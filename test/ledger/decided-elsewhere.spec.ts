import type { LedgerEvent } from '../../src/domain/ledger.events';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import type { DecidedPersonYear } from '../../src/ledger/reassessment-decision';
import type { PersonYearRef } from '../../src/ledger/reassessment-thread.messages';
import type { PersonYearDeciders } from '../../src/ledger/reassessment-threads';
import { benefitYearStream } from '../../src/ledger/stream-names';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { fumengWithTilt } from '../support/fumeng-tilt';

const meta = { actor: 'test' };
const clock = fixedClock('2023-12-31T00:00:00Z');
const scope = { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' };

/** Deciders that answer what they are told to, whatever the streams hold: a thread that read long ago. */
const decidersAnswering = (answer: (personYear: PersonYearRef) => DecidedPersonYear): PersonYearDeciders & { readonly asked: PersonYearRef[] } => {
  const asked: PersonYearRef[] = [];
  return {
    asked,
    open: () => ({
      decide: async (personYears) => (asked.push(...personYears), personYears.map(answer)),
      end: () => undefined,
    }),
  };
};

// Issue 13, limit 5: what reassessment threads decide is never appended as such. The event loop
// decides a person-year they found changed again, under its lock, and appends its own decision.
describe('a real run with person-years decided elsewhere', () => {
  it('appends only what the event loop decides, and leaves what the deciders found unchanged', async () => {
    // Given two tilted Fumeng persons with a large claim each, and a correction of the tilted ratio
    const store = new InMemoryEventStore();
    const writer = await Ledger.open(store, { clock });
    await writer.publishPolicy({ policy: fumengWithTilt('0.70', '2023-01-01') }, meta);
    for (const personId of ['p0', 'p1']) {
      await writer.registerPerson({ personId, region: 'fumeng', scheme: 'RESIDENT' }, meta);
      await writer.recognizeIdentity({ personId, category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: 'roster' } }, meta);
      await writer.enrollPerson({ personId, year: 2023, contribution: '380.00', enrolledOn: '2022-12-01' }, meta);
      const claim = { claimId: `c-${personId}`, personId, kind: 'INPATIENT' as const, admissionDate: '2023-05-02', dischargeDate: '2023-05-12' };
      await writer.submitClaim({ ...claim, hospitalLevel: 'SECONDARY', location: 'IN_COUNTY', costs: { total: '60000.00' } }, meta);
    }
    await writer.publishPolicy({ policy: fumengWithTilt('0.75', '2023-01-01-r2', '2023-01-01') }, meta);
    const expected = await writer.reassess({ scope, reason: 'tilt 75%', correctionId: 'tilt-75', dryRun: true }, meta);
    const p0 = benefitYearStream('p0', 2023);
    expect(new Set(expected.events.map((event) => event.streamName))).toEqual(new Set([p0, benefitYearStream('p1', 2023)]));

    // and deciders that say p0 changes (with events of their own) and p1 does not
    const stale = { type: 'ClaimReassessed', data: { stale: true } } as unknown as LedgerEvent;
    const deciders = decidersAnswering(({ personId }) => ({ claims: 1, events: personId === 'p0' ? [stale] : [] }));
    const ledger = await Ledger.open(store, { clock, reassessmentThreads: deciders });

    // When the region is reassessed for real
    const report = await ledger.reassess({ scope, reason: 'tilt 75%', correctionId: 'tilt-75' }, meta);

    // Then both person-years were asked of the deciders
    expect(deciders.asked).toEqual([{ personId: 'p0', year: 2023 }, { personId: 'p1', year: 2023 }]);
    // and p0 got the event loop's own decision, not the deciders' events
    const strip = (events: typeof report.events) => events.map(({ type, data, streamName }) => ({ type, data, streamName }));
    expect(strip(report.events)).toEqual(strip(expected.events.filter((event) => event.streamName === p0)));
    expect(JSON.stringify(report.events)).not.toContain('stale');
    // and p1, which they found unchanged, was left as it was
    expect(report.personYears).toBe(2);
    expect(report.personYearsAffected).toBe(1);
  });
});
