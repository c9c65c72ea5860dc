import { applySubsidy, emptySubsidy, type SubsidyRow } from '../../src/projections/subsidy-status.projection';
import { enrollmentRegistered, recorded, subsidyDeclined, subsidyGranted } from './support/ledger-fixtures';

const fold = (events: ReturnType<typeof recorded>): SubsidyRow => events.reduce(applySubsidy, emptySubsidy('p-1', 2023));

describe('subsidy-status reducer', () => {
  it('records the enrollment and a full subsidy for 特困 (domain contract §3)', () => {
    const row = fold(recorded([enrollmentRegistered({ contribution: '350.00' }), subsidyGranted({ amount: '350.00', category: 'DESTITUTE' })]));
    expect(row).toMatchObject({ status: 'granted', amount: '350.00', category: 'DESTITUTE', rule: { kind: 'full' } });
    expect(row.enrollment).toMatchObject({ contribution: '350.00', enrolledOn: '2022-11-20', stamp: { position: '1' } });
  });

  it('adds a mid-year top-up to the year’s subsidy and keeps both grants', () => {
    const row = fold(
      recorded([
        enrollmentRegistered(),
        subsidyGranted({ amount: '175.00', category: 'UNSTABLE' }),
        subsidyGranted({ amount: '175.00', category: 'DESTITUTE', previouslyGranted: '175.00' }),
      ]),
    );
    expect(row.amount).toBe('350.00');
    expect(row.category).toBe('DESTITUTE');
    expect(row.grants.map((grant) => grant.amount)).toEqual(['175.00', '175.00']);
  });

  it('says why a subsidy was declined', () => {
    const row = fold(recorded([enrollmentRegistered(), subsidyDeclined({ reason: 'stable out of poverty: no subsidy' })]));
    expect(row).toMatchObject({ status: 'declined', amount: '0.00', declined: { reason: 'stable out of poverty: no subsidy' } });
  });

  it('never lets a later decline undo a grant (revocation does not claw back)', () => {
    const row = fold(recorded([enrollmentRegistered(), subsidyGranted({ amount: '350.00' }), subsidyDeclined()]));
    expect(row).toMatchObject({ status: 'granted', amount: '350.00' });
  });

  it('starts as not decided', () => {
    expect(fold(recorded([enrollmentRegistered()])).status).toBe('not-decided');
  });
});
