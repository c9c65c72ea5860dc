import type { PublishedPack } from '../domain/policy/policy-pack';
import type { EventStoreConfig } from '../event-store/create-event-store';
import type { DecidedPersonYear } from './reassessment-decision';

export interface PersonYearRef {
  readonly personId: string;
  readonly year: number;
}

/** What a reassessment thread is started with: where the store is. */
export interface ReassessmentThreadData {
  readonly store: EventStoreConfig;
}

/** One reassessment's terms, told to every thread when it begins. */
export interface ReassessmentRunData {
  readonly runId: number;
  /** The service's catalog when the run began, so the threads decide under exactly its revisions. */
  readonly published: readonly PublishedPack[];
  readonly correctionId: string;
  readonly reason: string;
}

export type ToReassessmentThread =
  | { readonly kind: 'begin'; readonly run: ReassessmentRunData }
  | { readonly kind: 'decide'; readonly id: number; readonly runId: number; readonly personYears: readonly PersonYearRef[] }
  | { readonly kind: 'end'; readonly runId: number };

export type FromReassessmentThread =
  | { readonly kind: 'decided'; readonly id: number; readonly outcomes: readonly DecidedPersonYear[] }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
