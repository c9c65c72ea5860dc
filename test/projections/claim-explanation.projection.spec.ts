import { randomUUID } from 'node:crypto';
import type { LedgerEvent } from '../../src/domain/ledger.events';
import {
  applyExplanation,
  applyReference,
  claimAsAt,
  emptyExplanation,
  emptyReference,
  type ClaimExplanationRow,
  type ClaimReferenceRow,
} from '../../src/projections/claim-explanation.projection';
import { ClaimRecords } from '../../src/projections/claim-records';
import { asProjectedEvent, type ProjectedEvent } from '../../src/projections/projection';
import type { ReadModels } from '../../src/projections/read-models';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { claimReassessed, claimSettled, oneTimeGranted, payouts, recorded, recordedAtOf, streamOf, tierTrace } from './support/ledger-fixtures';

const fold = (events: ReturnType<typeof recorded>, claimId = 'c-1'): ClaimExplanationRow =>
  events.reduce(applyExplanation, emptyExplanation(claimId, 'p-1'));

const settled = claimSettled({ claimId: 'c-1', sequence: 1, appliedCategory: 'SUBSISTENCE', payouts: payouts('6000.00', '0.00', '1000.00'), trace: tierTrace({ assistance: { threshold: '0.00', cap: '70000.00' } }) });
const correction = claimReassessed({
  claimId: 'c-1',
  previous: payouts('6000.00', '0.00', '1000.00'),
  next: payouts('6000.00', '0.00', '1400.00'),
  appliedCategory: 'DESTITUTE',
  correctionId: 'retro-DESTITUTE-2023',
});

describe('claim-explanation reducer', () => {
  it('keeps the settlement with its trace and the amounts in force', () => {
    const row = fold(recorded([settled]));
    expect(row.settlement).toMatchObject({ claimId: 'c-1', appliedCategory: 'SUBSISTENCE', trace: [{ key: 'assistance.annual' }], stamp: { position: '1' } });
    expect(row.current).toMatchObject({ payouts: payouts('6000.00', '0.00', '1000.00'), appliedCategory: 'SUBSISTENCE' });
    expect(row.year).toBe(2023);
  });

  it('adds each reassessment with previous, next and delta, and moves the amounts in force', () => {
    const row = fold(recorded([settled, correction]));
    expect(row.reassessments).toHaveLength(1);
    expect(row.reassessments[0]).toMatchObject({ correctionId: 'retro-DESTITUTE-2023', delta: payouts('0.00', '0.00', '400.00'), stamp: { position: '2' } });
    expect(row.current).toMatchObject({ payouts: payouts('6000.00', '0.00', '1400.00'), appliedCategory: 'DESTITUTE' });
    expect(row.settlement?.payouts).toEqual(payouts('6000.00', '0.00', '1000.00'));
  });

  it('notes one-time assistance that covered the claim', () => {
    const row = fold(recorded([settled, oneTimeGranted({ claimsCovered: ['c-1', 'c-2'], amount: '800.00' })]));
    expect(row.oneTimeAssistance).toEqual([expect.objectContaining({ amount: '800.00', claimsCovered: ['c-1', 'c-2'] })]);
  });
});

describe('a claim as at a recorded moment', () => {
  // Positions 1, 2 and 3: the settlement, the reassessment, a one-time grant.
  const row = fold(recorded([settled, correction, oneTimeGranted({ claimsCovered: ['c-1'], amount: '800.00' })]));

  it('given a moment between the settlement and its reassessment, then the settlement alone, with its amounts in force', () => {
    const then = claimAsAt(row, recordedAtOf(1));
    expect(then?.reassessments).toEqual([]);
    expect(then?.oneTimeAssistance).toEqual([]);
    expect(then?.current).toEqual({ payouts: payouts('6000.00', '0.00', '1000.00'), outOfPocket: '0.00', appliedCategory: 'SUBSISTENCE', policy: settled.data.policy });
    expect(then?.settlement).toEqual(row.settlement);
  });

  it('given a moment after the reassessment, then the reassessed amounts, and the grant once it is recorded', () => {
    expect(claimAsAt(row, recordedAtOf(2))).toMatchObject({ current: row.current, reassessments: row.reassessments, oneTimeAssistance: [] });
    expect(claimAsAt(row, recordedAtOf(3))).toEqual(row);
  });

  it('given a moment before the settlement was recorded, then nothing: the claim was not settled yet', () => {
    expect(claimAsAt(row, '2022-12-31T23:59:59Z')).toBeNull();
  });
});

/**
 * Version 3 keeps only where a claim's events are; `ClaimRecords` reads them back. Given a stream
 * with a claim's settlement, a reassessment and another claim's events, the row read back must equal
 * the fold of the same events as version 2 stored it, field for field.
 */
const settledC2 = claimSettled({ claimId: 'c-2', sequence: 2, payouts: payouts('300.00') });
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
    const events = await appendAll(store, [settled, settledC2, correction, oneTime]);
    const reference = referenceOf(events, 'c-1');
    expect(reference).toMatchObject({ stream: streamOf(settled), revisions: ['0', '2'], year: 2023 });
    expect(reference.current?.payouts).toEqual(payouts('6000.00', '0.00', '1400.00'));

    const row = await recordsOver(store, { 'c-1': reference }).claim('c-1');

    expect(row).toEqual(concerning(events, 'c-1').reduce(applyExplanation, emptyExplanation('c-1', 'p-1')));
    expect(row?.settlement?.trace.length).toBeGreaterThan(0);
    expect(row?.reassessments.map((entry) => entry.correctionId)).toEqual(['retro-DESTITUTE-2023']);
  });

  it('keeps the reference row free of the events\' contents', async () => {
    const store = new InMemoryEventStore();
    const reference = referenceOf(await appendAll(store, [settled, correction]), 'c-1');
    expect(Object.keys(reference).sort()).toEqual(['claimId', 'current', 'oneTimeAssistance', 'personId', 'revisions', 'stream', 'year']);
    expect(JSON.stringify(reference).length).toBeLessThan(JSON.stringify(settled.data).length / 2);
  });

  it('answers null for a claim the read model has not seen', async () => {
    await expect(recordsOver(new InMemoryEventStore(), {}).claim('c-9')).resolves.toBeNull();
  });

  it('refuses to answer when the store no longer holds the event the read model points at', async () => {
    const store = new InMemoryEventStore();
    const reference = referenceOf(await appendAll(store, [settled, settledC2]), 'c-1');
    const wrong = { ...reference, revisions: ['1'] };
    await expect(recordsOver(store, { 'c-1': wrong }).claim('c-1')).rejects.toThrow(/revision 1 is not one of its events/);
  });
});
