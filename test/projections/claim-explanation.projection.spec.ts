import { applyExplanation, emptyExplanation, type ClaimExplanationRow } from '../../src/projections/claim-explanation.projection';
import { claimReassessed, claimSettled, oneTimeGranted, payouts, recorded, tierTrace } from './support/ledger-fixtures';

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
