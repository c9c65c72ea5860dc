import type { StateCodec } from '../decider';
import type { AlertChange } from '../policy/policy-functions';
import type { BenefitYear } from './benefit-year.decider';

interface EncodedBenefitYear {
  readonly claims: BenefitYear['claims'];
  readonly accumulators: BenefitYear['accumulators'];
  readonly openAlerts: ReadonlyArray<readonly [string, AlertChange]>;
}

/**
 * A person-year's state as plain data: its claims and accumulators are plain already, its open alerts
 * a Map written as entries. Change `format` with any change to `BenefitYear` or `RecordedClaim`
 * (benefit-year.snapshot.spec.ts pins their fields and fails until it is changed).
 */
export const benefitYearSnapshot: StateCodec<BenefitYear> = {
  format: 'benefit-year/1',
  encode: (year): EncodedBenefitYear => ({ claims: year.claims, accumulators: year.accumulators, openAlerts: [...year.openAlerts] }),
  decode: (encoded) => {
    const year = encoded as EncodedBenefitYear;
    return { claims: year.claims, accumulators: year.accumulators, openAlerts: new Map(year.openAlerts) };
  },
};
