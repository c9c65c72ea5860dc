import type { BenefitYearEvent } from '../domain/benefit-year/benefit-year.decider';
import type { EventStoreConfig } from '../event-store/create-event-store';

/**
 * What the ledger and a decision thread say to each other. Deciding a person-year's reassessment
 * is reading its streams and settling its claims again: the thread does both with its own
 * connection to the store, so the ledger sends only which person-years to decide and receives the
 * events decided and the revision they were decided against.
 */

/** What a decision thread is started with: where the store is. */
export interface DecisionThreadData {
  readonly store: EventStoreConfig;
}

export interface PersonYearRef {
  readonly personId: string;
  readonly year: number;
}

/** One person-year decided: the stream's revision it was decided at, its claims and the events decided. */
export interface Decided {
  readonly revision: bigint;
  readonly claims: number;
  readonly events: BenefitYearEvent[];
}

/** A person-year a thread could not decide is decided again on the ledger's thread, which throws the same error there if it is the decider's. */
export type DecisionAnswer = Decided | { readonly failed: string };

export type ToDecisionThread = {
  readonly kind: 'decide';
  readonly id: number;
  readonly correctionId: string;
  readonly reason: string;
  readonly personYears: readonly PersonYearRef[];
};

export type FromDecisionThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'decided'; readonly id: number; readonly answers: readonly DecisionAnswer[] };
