import { decideOneTimeAssistance } from '../../../src/domain/policy/one-time-assistance';
import type { OneTimeAssistanceInput } from '../../../src/domain/policy/policy-functions';
import type { Category } from '../../../src/domain/vocabulary';
import { claim, publish } from './fixtures/builders';
import { fumengPack } from './fixtures/fumeng.pack';

const fumeng = publish(fumengPack);

type Entry = OneTimeAssistanceInput['claims'][number];

const settled = (id: string, referenceDate: string, policyScope: string, basic: string, critical = '0.00'): Entry => ({
  claim: claim({ claimId: id, total: policyScope, admissionDate: referenceDate, dischargeDate: referenceDate }),
  referenceDate,
  policyScope,
  payouts: { basic, critical, assistance: '0.00', reassistance: '0.00' },
});

const decide = (claims: readonly Entry[], category: Category = 'ILLNESS_IMPOVERISHED') =>
  decideOneTimeAssistance({ policy: fumeng, applicationDate: '2023-06-15', category, claims });

describe('decideOneTimeAssistance: Fumeng §二(三)2 自申请救助之日前12个月内 一次性医疗救助', () => {
  const lookBack = [
    settled('before-window', '2022-06-14', '50000.00', '10000.00'),
    settled('first-day', '2022-06-15', '30000.00', '15000.00', '3000.00'),
    settled('day-before', '2023-06-14', '10000.00', '6000.00'),
    settled('application-day', '2023-06-15', '50000.00', '10000.00'),
  ];

  // Remainders 12000 + 4000 = 16000; 因病致贫 threshold 5000, 50% → 5500.00, within the 20000 cap.
  it('covers [application − 12 months, application) and applies threshold, ratio and cap once → 5,500.00', () => {
    const decision = decide(lookBack);
    expect(decision.claimsCovered).toEqual(['first-day', 'day-before']);
    expect(decision.amount).toBe('5500.00');
    expect(decision.trace.map((step) => step.clause)).toEqual(['fumeng-2022-9 §二(三)2', 'fumeng-2022-9 §二(二)2']);
    expect(decision.trace[0]!.values).toEqual({ 'first-day': '12000.00', 'day-before': '4000.00' });
  });

  // Remainders 40000 + 30000 = 70000 → 50% of 65000 = 32500, capped at 20000.
  it('caps the one-time amount at the category assistance cap → 20,000.00', () => {
    const decision = decide([settled('a', '2023-01-10', '60000.00', '20000.00'), settled('b', '2023-02-10', '50000.00', '20000.00')]);
    expect(decision.amount).toBe('20000.00');
  });

  it('pays nothing below the threshold', () => {
    expect(decide([settled('small', '2023-01-10', '8000.00', '4000.00')]).amount).toBe('0.00');
  });

  it('gives nothing to a category the pack does not name (低保 is assisted directly)', () => {
    const decision = decide(lookBack, 'SUBSISTENCE');
    expect(decision).toMatchObject({ claimsCovered: [], amount: '0.00' });
    expect(decision.trace[0]!.explanation).toMatch(/no one-time assistance/);
  });
});
