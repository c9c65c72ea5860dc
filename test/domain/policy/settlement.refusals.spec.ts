import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import type { PublishedPack } from '../../../src/domain/policy/policy-pack';
import { SettlementRefused, type Accumulators, type Claim } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { claim, costs, publish } from './fixtures/builders';
import { hezePack } from './fixtures/heze.pack';

const heze = publish(hezePack);
const attempt = (submitted: Claim, policy: PublishedPack = heze, held: readonly Category[] = ['SUBSISTENCE'], accumulators: Accumulators = emptyAccumulators()) =>
  () => settle({ claim: submitted, policy, heldCategories: held, accumulators });

const refusalCode = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof SettlementRefused ? error.code : `not a refusal: ${String(error)}`;
  }
  return undefined;
};

describe('settle: claims it refuses (contract §2)', () => {
  it.each([
    ['P < 0: the excluded costs exceed the total', claim({ costs: costs('100.00', { outOfCatalog: '200.00' }) }), 'POLICY_SCOPE_NEGATIVE'],
    ['an EMPLOYEE claim without adjudicated amounts', claim({ scheme: 'EMPLOYEE' }), 'ADJUDICATION_REQUIRED'],
    ['an EMPLOYEE claim with only the basic amount adjudicated', claim({ scheme: 'EMPLOYEE', adjudicated: { basic: '100.00' } }), 'ADJUDICATION_REQUIRED'],
    ['an amount with three decimals', claim({ costs: costs('100.005') }), 'INVALID_CLAIM'],
    ['a negative excluded cost', claim({ costs: costs('100.00', { overStandard: '-1.00' }) }), 'INVALID_CLAIM'],
    ['an admission after the discharge', claim({ admissionDate: '2023-03-11', dischargeDate: '2023-03-10' }), 'INVALID_CLAIM'],
    ['a date that does not exist', claim({ admissionDate: '2023-02-29', dischargeDate: '2023-03-10' }), 'INVALID_CLAIM'],
    ['an adjudicated basic above the policy scope', claim({ total: '1000.00', adjudicated: { basic: '1000.01' } }), 'INVALID_CLAIM'],
    ['an adjudicated critical above what basic left', claim({ total: '1000.00', adjudicated: { basic: '600.00', critical: '400.01' } }), 'INVALID_CLAIM'],
    ['a claim discharged before the revision is in force (Heze from 2022-05-01)', claim({ admissionDate: '2022-04-20', dischargeDate: '2022-04-30' }), 'NO_POLICY_IN_FORCE'],
  ])('refuses %s', (_name, submitted, code) => {
    expect(refusalCode(attempt(submitted))).toBe(code);
  });

  it('records adjudicated amounts of an EMPLOYEE claim instead of computing them, and assists on the rest', () => {
    const settlement = attempt(claim({ scheme: 'EMPLOYEE', total: '10000.00', adjudicated: { basic: '6000.00', critical: '1000.00' } }))();
    expect(settlement.payouts).toEqual({ basic: '6000.00', critical: '1000.00', assistance: '2100.00', reassistance: '0.00' });
    expect(settlement.accumulators.after.criticalBase).toBe('4000.00');
  });

  it('refuses corrupted accumulators rather than settling against them', () => {
    const corrupted = { ...emptyAccumulators(), assistanceBase: '-5.00' };
    expect(attempt(claim(), heze, ['SUBSISTENCE'], corrupted)).toThrow(/assistanceBase must not be negative/);
  });
});

describe('settle: the reference date (contract §2)', () => {
  const newYearStay = claim({ admissionDate: '2022-12-28', dischargeDate: '2023-01-05' });

  it('takes the discharge date by default: benefit year 2023', () => {
    expect(attempt(newYearStay)().year).toBe(2023);
  });

  it('takes the admission date where the pack says identityDate: admission: benefit year 2022', () => {
    const byAdmission = publish({ ...hezePack, identityDate: 'admission' });
    const settlement = attempt(newYearStay, byAdmission)();
    expect([settlement.referenceDate, settlement.year]).toEqual(['2022-12-28', 2022]);
  });
});

describe('settle: purity', () => {
  it('gives the same settlement for the same input, and does not change its input', () => {
    const input = { claim: claim({ total: '54321.09' }), policy: heze, heldCategories: ['MARGINAL', 'SUBSISTENCE'] as Category[], accumulators: emptyAccumulators() };
    const copy = JSON.parse(JSON.stringify(input.accumulators)) as Accumulators;
    expect(settle(input)).toEqual(settle(input));
    expect(input.accumulators).toEqual(copy);
  });
});
