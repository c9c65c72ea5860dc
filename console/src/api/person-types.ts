import type { Amount, Category, PolicyRef, RecordedStamp } from './types';

/** What the console reads about a person: identities over time, enrollments, subsidies, alerts (see types.ts). */

export interface IdentitySource {
  readonly department: string;
  readonly document: string;
}

/** GET /persons/{id}: the person as the write side knows it now. */
export interface PersonView {
  readonly personId: string;
  readonly region: string;
  readonly scheme: string;
  readonly enrollments: ReadonlyArray<{
    readonly year: number;
    readonly scheme: string;
    readonly contribution: Amount;
    readonly enrolledOn: string;
    readonly subsidy: { readonly category: string; readonly amount: Amount } | null;
  }>;
}

export interface ValidityInterval {
  readonly category: Category;
  readonly validFrom: string;
  /** Inclusive; null while open. */
  readonly validTo: string | null;
}

export interface TimelineEntry {
  readonly change: 'recognized' | 'revoked';
  readonly category: Category;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly reason: string | null;
  readonly source: IdentitySource;
  readonly recordedOn: string;
  readonly retroactive: boolean;
  readonly stamp: RecordedStamp;
}

/** GET /persons/{id}/timeline?asOf=&asAt= */
export interface TimelineView {
  readonly personId: string;
  readonly asOf: string | null;
  readonly asAt: string | null;
  readonly entries: readonly TimelineEntry[];
  readonly intervals: readonly ValidityInterval[];
  readonly heldOn: readonly Category[] | null;
}

export interface SubsidyRule {
  readonly kind: 'full' | 'percent' | 'amount';
  readonly parameter: string | null;
  readonly clause: string;
}

/** GET /persons/{id}/years/{year}/subsidy */
export interface SubsidyView {
  readonly personId: string;
  readonly year: number;
  readonly enrollment: {
    readonly scheme: string;
    readonly contribution: Amount;
    readonly enrolledOn: string;
    readonly policy: PolicyRef | null;
  } | null;
  readonly status: 'granted' | 'declined' | 'not-decided';
  readonly amount: Amount;
  readonly category: Category | null;
  readonly rule: SubsidyRule | null;
  readonly grants: ReadonlyArray<{ readonly category: Category; readonly rule: SubsidyRule; readonly amount: Amount; readonly previouslyGranted: Amount; readonly stamp: RecordedStamp }>;
  readonly declined: { readonly reason: string } | null;
}

export interface AlertView {
  readonly personId: string;
  readonly year: number;
  readonly rule: string;
  readonly ruleName: string;
  readonly open: boolean;
  readonly threshold: Amount;
  readonly burden: Amount;
  readonly history: ReadonlyArray<{ readonly change: 'raised' | 'withdrawn'; readonly threshold: Amount; readonly burden: Amount; readonly claimId: string; readonly stamp: RecordedStamp }>;
}
