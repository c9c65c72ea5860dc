import {
  decideBenefitYear,
  evolveBenefitYear,
  initialBenefitYear,
  type BenefitYear,
  type BenefitYearCommand,
  type BenefitYearEvent,
} from './benefit-year/benefit-year.decider';
import type { Decider } from './decider';
import type { PolicyPublished } from './ledger.events';
import type { PersonCommand } from './person/person.commands';
import { decidePerson, evolvePerson, initialPerson, type Person, type PersonEvent } from './person/person.decider';
import { decidePolicyRegistry, evolvePolicyRegistry, initialPolicyRegistry, type PolicyRegistry, type PublishPolicy } from './policy-registry/policy-registry.decider';

/** The decider of each stream kind: what the application service loads, decides and appends with. */

/** `person-<personId>`: registration, identities over time, enrollments and subsidies. */
export const personDecider: Decider<PersonCommand, Person, PersonEvent> = { decide: decidePerson, evolve: evolvePerson, initialState: initialPerson };

/** `benefit-year-<personId>-<year>`: claims, accumulators and caps, reassessments, alerts. */
export const benefitYearDecider: Decider<BenefitYearCommand, BenefitYear, BenefitYearEvent> = {
  decide: decideBenefitYear,
  evolve: evolveBenefitYear,
  initialState: initialBenefitYear,
};

/** `policy-<region>`: published revisions and corrections of one region's pack. */
export const policyRegistryDecider: Decider<PublishPolicy, PolicyRegistry, PolicyPublished> = {
  decide: decidePolicyRegistry,
  evolve: evolvePolicyRegistry,
  initialState: initialPolicyRegistry,
};
