import { randomUUID } from 'node:crypto';
import type { LedgerEvent } from '../../src/domain/ledger.events';
import {
  applyExplanation,
  applyReference,
  emptyExplanation,
  emptyReference,
  type ClaimReferenceRow,
} from '../../src/projections/claim-explanation.projection';
import { ClaimRecords } from '../../src/projections/claim-records';
import { asProjectedEvent, type ProjectedEvent } from '../../src/projections/projection';
import type { ReadModels } from '../../src/projections/read-models';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { claimReassessed, claimSettled, oneTimeGranted, payouts, streamOf, tierTrace } from './support/ledger-fixtures';

/**
 * The claim-explanation read model keeps only where a claim's events are; `ClaimRecords` reads them
 * back. Given a stream with a claim's settlement, a reassessment and another claim's events, the row
 * read back must equal the fold of the same events as version 2 stored it, field for field.
 */

const settledC1 = claimSettled({
  claimId: 'c-1',
  sequence: 1,
  appliedCategory: 'SUBSISTENCE',
  payouts: payouts('6000.00', '0.00', '1000.00'),
  trace: tierTrace({ assistance: { threshold: '0.00', cap: '70000.00' } }),
});
const settledC2 = claimSettled({ claimId: 'c-2', sequence: 2, payouts: payouts('300.00') });
const correction = claimReassessed({
  claimId: 'c-1',
  previous: payouts('6000.00', '0.00', '1000.00'),
  next: payouts('6000.00', '0.00', '1400.00'),
  appliedCategory: 'DESTITUTE',
  correctionId: 'retro-DESTITUTE-2023',
});
const oneTime = oneTimeGranted({ claimsCovered: ['c-1', 'c-2'], amount: '800.00' });

const appendAll = async (store: InMemoryEventStore, events: readonly LedgerEvent[]): Promise<ProjectedEvent[]> => {
  for (const event of events) {
    const metadata = { eventId: randomUUID(), schemaVersion: 2, correlationId: 'corr', causationId: 'corr', actor: 'test', recordedAt: '2023-06-01T00:00:00.000Z' };
    await store.appendToStream(streamOf(event), [{ type: event.type, data: event.data, metadata }], 'any');
  }
  return (await store.readAll({ maxCount: 100 })).map(asProjectedEvent);
};

/** The events the read model routes to a claim's row: its own claim events and any one-time assistance covering it. */
const concerning = (events: readonly ProjectedEvent[], claimId: string): ProjectedEvent[] =>
  events.filter((event) => (event.type === 'OneTimeAssistanceGranted' ? event.data.claimsCovered.includes(claimId) : 'claimId' in event.data && event.data.claimId === claimId));

const referenceOf = (events: readonly ProjectedEvent[], claimId: string): ClaimReferenceRow =>
  concerning(events, claimId).reduce(applyReference, emptyReference(claimId, 'p-1'));

const recordsOver = (store: InMemoryEventStore, rows: Record<string, ClaimReferenceRow>): ClaimRecords =>
  new ClaimRecords({ claimReference: (claimId: string) => rows[claimId] ?? null } as unknown as ReadModels, store);

describe('claim records (claim-explanation version 3)', () => {
  it('given a settlement, another claim, a reassessment and one-time assistance, when read back, then the row equals the fold of its events', async () => {
    const store = new InMemoryEventStore();
    const events = await appendAll(store, [settledC1, settledC2, correction, oneTime]);
    const reference = referenceOf(events, 'c-1');
    expect(reference).toMatchObject({ stream: streamOf(settledC1), revisions: ['0', '2'], year: 2023 });
    expect(reference.current?.payouts).toEqual(payouts('6000.00', '0.00', '1400.00'));

    const row = await recordsOver(store, { 'c-1': reference }).claim('c-1');

    expect(row).toEqual(concerning(events, 'c-1').reduce(applyExplanation, emptyExplanation('c-1', 'p-1')));
    expect(row?.settlement?.trace.length).toBeGreaterThan(0);
    expect(row?.reassessments.map((entry) => entry.correctionId)).toEqual(['retro-DESTITUTE-2023']);
  });

  it('keeps the reference row free of the events\' contents', async () => {
    const store = new InMemoryEventStore();
    const reference = referenceOf(await appendAll(store, [settledC1, correction]), 'c-1');
    expect(Object.keys(reference).sort()).toEqual(['claimId', 'current', 'oneTimeAssistance', 'personId', 'revisions', 'stream', 'year']);
    expect(JSON.stringify(reference).length).toBeLessThan(JSON.stringify(settledC1.data).length / 2);
  });

  it('answers null for a claim the read model has not seen', async () => {
    await expect(recordsOver(new InMemoryEventStore(), {}).claim('c-9')).resolves.toBeNull();
  });

  it('refuses to answer when the store no longer holds the event the read model points at', async () => {
    const store = new InMemoryEventStore();
    const reference = referenceOf(await appendAll(store, [settledC1, settledC2]), 'c-1');
    const wrong = { ...reference, revisions: ['1'] };
    await expect(recordsOver(store, { 'c-1': wrong }).claim('c-1')).rejects.toThrow(/revision 1 is not one of its events/);
  });
});
