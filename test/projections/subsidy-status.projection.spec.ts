import { applySubsidy, emptySubsidy, subsidyAsAt, type SubsidyRow } from '../../src/projections/subsidy-status.projection';
import { enrollmentRegistered, recorded, recordedAtOf, subsidyDeclined, subsidyGranted } from './support/ledger-fixtures';

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

  describe('as at a recorded moment (issue 14 item 6)', () => {
    // Positions 1..4 are recorded one minute apart (recordedAtOf): enrollment, decline, a grant after a
    // retroactive recognition (a top-up), and a decline that cannot undo it.
    const row = fold(
      recorded([enrollmentRegistered(), subsidyDeclined({ reason: 'no category held' }), subsidyGranted({ amount: '350.00', category: 'DESTITUTE' }), subsidyDeclined()]),
    );

    it.each([
      ['before the enrollment: nothing recorded', recordedAtOf(0), { enrollment: null, status: 'not-decided', amount: '0.00', declined: null }],
      ['after the enrollment only: not decided', recordedAtOf(1), { status: 'not-decided', amount: '0.00', grants: [] }],
      ['after the decline: declined, with the reason then recorded', recordedAtOf(2), { status: 'declined', amount: '0.00', declined: { reason: 'no category held' } }],
      ['after the later grant: granted 350.00, the decline superseded', recordedAtOf(3), { status: 'granted', amount: '350.00', category: 'DESTITUTE', declined: null }],
    ] as const)('%s', (_name, asAt, expected) => {
      expect(subsidyAsAt(row, asAt)).toMatchObject(expected);
    });

    it('answers now exactly as the row does', () => {
      expect(subsidyAsAt(row, recordedAtOf(99))).toEqual(row);
    });

    it('compares instants, not texts: +08:00 is eight hours earlier than the same clock time in UTC', () => {
      const decline = recordedAtOf(2); // 2023-01-01T00:02:00.000Z
      expect(subsidyAsAt(row, '2023-01-01T08:02:00+08:00').status).toBe('declined');
      expect(subsidyAsAt(row, '2023-01-01T08:01:59+08:00').status).toBe('not-decided');
      expect(decline).toBe('2023-01-01T00:02:00.000Z');
    });
  });
});
