import { decideBenefitYear, type BenefitYear, type BenefitYearCommand, type ClaimContext } from '../domain/benefit-year/benefit-year.decider';
import { benefitYearDecider } from '../domain/deciders';
import type { LedgerEvent } from '../domain/ledger.events';
import { categoriesForRecordedClaim, oneTimeCategoriesAmong } from '../domain/person/person-categories';
import { assert } from '../shared/domain-error';
import { registeredPerson, type LedgerContext } from './ledger-context';
import { benefitYearStream } from './stream-names';

/** What reassessing one person-year would record, decided from its stream as read and not appended. */
export interface DecidedPersonYear {
  readonly claims: number;
  readonly events: readonly LedgerEvent[];
}

/**
 * Decides one person-year's reassessment without appending: its stream and its person read as they
 * stand, every claim's context taken from the catalog as it stands. A dry run reports this; a
 * reassessment thread (reassessment-threads.ts) runs it to find the person-years that change.
 */
export const decideReassessment = async (context: LedgerContext, personId: string, year: number, correctionId: string, reason: string): Promise<DecidedPersonYear> => {
  const { state } = await context.aggregates.load(benefitYearStream(personId, year), benefitYearDecider);
  const events = decideBenefitYear(await reassessCommandOf(context, personId, state, correctionId, reason), state);
  return { claims: state.claims.length, events };
};

/** The Reassess command for a person-year's state: each recorded claim with the context it is settled under now. */
export const reassessCommandOf = async (context: LedgerContext, personId: string, state: BenefitYear, correctionId: string, reason: string): Promise<BenefitYearCommand> => ({
  type: 'Reassess',
  data: { correctionId, reason, contexts: await contextsOf(context, personId, state) },
});

/** What each recorded claim of the year is settled under now: the revision covering it and the categories held on its date. */
const contextsOf = async (context: LedgerContext, personId: string, year: BenefitYear): Promise<Record<string, ClaimContext>> => {
  const person = await registeredPerson(context, personId);
  const oneTimeCategories = oneTimeCategoriesAmong(context.catalog.revisions(person.registration.region));
  const contexts: Record<string, ClaimContext> = {};
  for (const recorded of year.claims) {
    const found = context.catalog.forClaim(person.registration.region, recorded.claim);
    assert(found !== null, `claim ${recorded.claim.claimId} was settled but no revision covers it any more`);
    const heldCategories = categoriesForRecordedClaim(person, recorded.claim.claimId, recorded.referenceDate, oneTimeCategories);
    contexts[recorded.claim.claimId] = { policy: found.policy, heldCategories };
  }
  return contexts;
};
