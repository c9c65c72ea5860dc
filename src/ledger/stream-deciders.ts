import {
  decideBenefitYear,
  evolveBenefitYear,
  initialBenefitYear,
  type BenefitYear,
  type BenefitYearCommand,
  type BenefitYearEvent,
} from '../domain/benefit-year/benefit-year.decider';
import { decidePerson, evolvePerson, initialPerson, type Person, type PersonCommand, type PersonEvent } from '../domain/person/person.decider';
import { decidePolicyRegistry, evolvePolicyRegistry, initialPolicyRegistry, type PolicyRegistry, type PublishPolicy } from '../domain/policy-registry/policy-registry.decider';
import type { StreamDecider } from './aggregate-store';

/** The three consistency boundaries of the ledger, as the aggregate store runs them. */
export const personDecider: StreamDecider<PersonCommand, Person, PersonEvent> = { initial: initialPerson, decide: decidePerson, evolve: evolvePerson };

export const benefitYearDecider: StreamDecider<BenefitYearCommand, BenefitYear, BenefitYearEvent> = {
  initial: initialBenefitYear,
  decide: decideBenefitYear,
  evolve: evolveBenefitYear,
};

export const policyDecider: StreamDecider<PublishPolicy, PolicyRegistry, ReturnType<typeof decidePolicyRegistry>[number]> = {
  initial: initialPolicyRegistry,
  decide: decidePolicyRegistry,
  evolve: evolvePolicyRegistry,
};
