import { decideBenefitYear, type BenefitYear, type BenefitYearEvent, type ClaimContext, type Reassess } from '../domain/benefit-year/benefit-year.decider';
import { benefitYearDecider } from '../domain/deciders';
import { personCategoriesOn } from '../domain/person/person.decider';
import { assert } from '../shared/domain-error';
import type { Loaded } from './aggregate-store';
import { registeredPerson, type LedgerContext } from './ledger-context';
import { benefitYearStream } from './stream-names';

/** What deciding one person-year's reassessment reads: its streams, through a state loader, and the policy catalog. */
export type ReassessmentReads = Pick<LedgerContext, 'aggregates' | 'catalog'>;

/** A person-year's reassessment decided against the state it was loaded at. */
export interface PersonYearDecision {
  readonly loaded: Loaded<BenefitYear>;
  readonly events: BenefitYearEvent[];
}

/**
 * The Reassess command of one person-year: every recorded claim under the revision that covers it
 * and the categories the person holds on its reference date, as the ledger knows them now.
 */
export const reassessCommandOf = async (reads: ReassessmentReads, personId: string, year: BenefitYear, correctionId: string, reason: string): Promise<Reassess> => {
  const person = await registeredPerson(reads, personId);
  const contexts: Record<string, ClaimContext> = {};
  for (const recorded of year.claims) {
    const found = reads.catalog.forClaim(person.registration.region, recorded.claim);
    assert(found !== null, `claim ${recorded.claim.claimId} was settled but no revision covers it any more`);
    contexts[recorded.claim.claimId] = { policy: found.policy, heldCategories: personCategoriesOn(person, recorded.referenceDate) };
  }
  return { type: 'Reassess', data: { correctionId, reason, contexts } };
};

/**
 * Loads a person-year and decides its reassessment. Pure but for the reads, so the ledger's thread
 * and a decision thread (with its own connection to the store) decide it the same way.
 */
export const decidePersonYear = async (reads: ReassessmentReads, personId: string, year: number, correctionId: string, reason: string): Promise<PersonYearDecision> => {
  const loaded = await reads.aggregates.load(benefitYearStream(personId, year), benefitYearDecider);
  const command = await reassessCommandOf(reads, personId, loaded.state, correctionId, reason);
  return { loaded, events: decideBenefitYear(command, loaded.state) };
};
