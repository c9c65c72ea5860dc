import type {
  ClaimReassessed,
  ClaimSettled,
  EnrollmentRegistered,
  EnrollmentSubsidyDeclined,
  EnrollmentSubsidyGranted,
  HighCostAlertRaised,
  HighCostAlertWithdrawn,
  IdentityRecognized,
  IdentityRevoked,
  LedgerEvent,
  OneTimeAssistanceGranted,
  PersonRegistered,
} from '../../../src/domain/ledger.events';
import type { Accumulators, Payouts, TraceStep } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import type { EventStore, EventToAppend } from '../../../src/event-store/event-store.port';
import type { ProjectedEvent } from '../../../src/projections/projection';

/**
 * Hand-built ledger events for projection tests. They follow the public contract
 * (src/domain/ledger.events.ts) but carry only the numbers a test needs; the settlement engine is
 * tested elsewhere.
 */

export const HEZE = { region: 'heze', revision: '2022-05-01', hash: 'a'.repeat(64) };

export const payouts = (basic: string, critical = '0.00', assistance = '0.00', reassistance = '0.00'): Payouts => ({ basic, critical, assistance, reassistance });

export const accumulators = (overrides: Partial<Accumulators> = {}): Accumulators => ({
  criticalBase: '0.00',
  assistanceBase: '0.00',
  reassistanceBase: '0.00',
  paid: payouts('0.00'),
  outpatientDeductibleConsumed: '0.00',
  inpatientDeductiblePaid: '0.00',
  burdenTotal: '0.00',
  burdenPolicyScope: '0.00',
  claimCount: 0,
  ...overrides,
});

/** A trace carrying the figures the engine writes for each tier (threshold, cap, capRemainingAfter). */
export const tierTrace = (figures: Partial<Record<'critical' | 'assistance' | 'reassistance', { threshold: string; cap: string; capRemainingAfter?: string }>>): TraceStep[] =>
  Object.entries(figures).map(([tier, values]) => ({ key: `${tier}.annual`, values: { ...values } }));

export interface SettledInput {
  claimId: string;
  personId?: string;
  year?: number;
  sequence: number;
  referenceDate?: string;
  appliedCategory?: Category | null;
  payouts: Payouts;
  outOfPocket?: string;
  after?: Partial<Accumulators>;
  trace?: TraceStep[];
  region?: string;
}

export const claimSettled = (input: SettledInput): ClaimSettled => {
  const personId = input.personId ?? 'p-1';
  const referenceDate = input.referenceDate ?? '2023-03-15';
  const policy = { ...HEZE, region: input.region ?? HEZE.region };
  const costs = { total: '10000.00', outOfCatalog: '0.00', categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' };
  return {
    type: 'ClaimSettled',
    data: {
      claimId: input.claimId,
      personId,
      year: input.year ?? Number(referenceDate.slice(0, 4)),
      sequence: input.sequence,
      referenceDate,
      heldCategories: input.appliedCategory ? [input.appliedCategory] : [],
      appliedCategory: input.appliedCategory ?? null,
      policy,
      claim: {
        claimId: input.claimId,
        personId,
        scheme: 'RESIDENT',
        kind: 'INPATIENT',
        admissionDate: referenceDate,
        dischargeDate: referenceDate,
        hospitalLevel: 'SECONDARY',
        location: 'IN_COUNTY',
        referred: false,
        relocationFiled: false,
        costs,
      },
      policyScope: '10000.00',
      payouts: input.payouts,
      outOfPocket: input.outOfPocket ?? '0.00',
      accumulators: { before: accumulators(), after: accumulators(input.after) },
      claimHash: 'c'.repeat(64),
      trace: input.trace ?? [],
    },
  };
};

export interface ReassessedInput {
  claimId: string;
  personId?: string;
  year?: number;
  sequence?: number;
  previous: Payouts;
  next: Payouts;
  appliedCategory?: Category | null;
  after?: Partial<Accumulators>;
  trace?: TraceStep[];
  correctionId?: string;
}

export const claimReassessed = (input: ReassessedInput): ClaimReassessed => {
  const delta = {
    basic: diff(input.next.basic, input.previous.basic),
    critical: diff(input.next.critical, input.previous.critical),
    assistance: diff(input.next.assistance, input.previous.assistance),
    reassistance: diff(input.next.reassistance, input.previous.reassistance),
  };
  return {
    type: 'ClaimReassessed',
    data: {
      claimId: input.claimId,
      personId: input.personId ?? 'p-1',
      year: input.year ?? 2023,
      sequence: input.sequence ?? 1,
      correctionId: input.correctionId ?? 'corr-1',
      reason: 'retroactive recognition',
      previous: { payouts: input.previous, outOfPocket: '0.00' },
      next: { payouts: input.next, outOfPocket: '0.00' },
      delta,
      recoveryDue: false,
      heldCategories: input.appliedCategory ? [input.appliedCategory] : [],
      appliedCategory: input.appliedCategory ?? null,
      policy: HEZE,
      policyScope: '10000.00',
      accumulators: { before: accumulators(), after: accumulators(input.after) },
      trace: input.trace ?? [],
    },
  };
};

const diff = (next: string, previous: string): string => (Math.round(Number(next) * 100 - Number(previous) * 100) / 100).toFixed(2);

export const personRegistered = (personId = 'p-1'): PersonRegistered => ({ type: 'PersonRegistered', data: { personId, region: 'heze', scheme: 'RESIDENT' } });

export const identityRecognized = (input: { personId?: string; category: Category; validFrom: string; validTo?: string | null; recordedOn: string }): IdentityRecognized => ({
  type: 'IdentityRecognized',
  data: {
    personId: input.personId ?? 'p-1',
    category: input.category,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
    source: { department: 'CIVIL_AFFAIRS', document: '民政发〔2023〕12号' },
    recordedOn: input.recordedOn,
  },
});

export const identityRevoked = (input: { personId?: string; category: Category; validTo: string; recordedOn: string }): IdentityRevoked => ({
  type: 'IdentityRevoked',
  data: {
    personId: input.personId ?? 'p-1',
    category: input.category,
    validTo: input.validTo,
    reason: 'income above the line',
    source: { department: 'CIVIL_AFFAIRS', document: 'roster 2023-09' },
    recordedOn: input.recordedOn,
  },
});

export const enrollmentRegistered = (input: { personId?: string; year?: number; enrolledOn?: string; contribution?: string } = {}): EnrollmentRegistered => ({
  type: 'EnrollmentRegistered',
  data: {
    personId: input.personId ?? 'p-1',
    year: input.year ?? 2023,
    scheme: 'RESIDENT',
    contribution: input.contribution ?? '350.00',
    enrolledOn: input.enrolledOn ?? '2022-11-20',
    policy: HEZE,
  },
});

export const subsidyGranted = (input: { personId?: string; year?: number; category?: Category; amount: string; previouslyGranted?: string }): EnrollmentSubsidyGranted => ({
  type: 'EnrollmentSubsidyGranted',
  data: {
    personId: input.personId ?? 'p-1',
    year: input.year ?? 2023,
    category: input.category ?? 'DESTITUTE',
    rule: { kind: 'full', parameter: null, clause: 'heze-2022-10 §一(一)' },
    amount: input.amount,
    previouslyGranted: input.previouslyGranted ?? '0.00',
    policy: HEZE,
  },
});

export const subsidyDeclined = (input: { personId?: string; year?: number; reason?: string } = {}): EnrollmentSubsidyDeclined => ({
  type: 'EnrollmentSubsidyDeclined',
  data: { personId: input.personId ?? 'p-1', year: input.year ?? 2023, reason: input.reason ?? 'no helped category held on the enrollment date', policy: HEZE },
});

export const alert = (kind: 'raised' | 'withdrawn', input: { personId?: string; year?: number; rule?: string; burden: string; claimId?: string }): HighCostAlertRaised | HighCostAlertWithdrawn => {
  const data = {
    personId: input.personId ?? 'p-1',
    year: input.year ?? 2023,
    rule: input.rule ?? 'monitoring-low-income',
    ruleName: '因病返贫监测',
    threshold: '6000.00',
    burden: input.burden,
    claimId: input.claimId ?? 'c-1',
  };
  return kind === 'raised' ? { type: 'HighCostAlertRaised', data } : { type: 'HighCostAlertWithdrawn', data };
};

export const oneTimeGranted = (input: { personId?: string; claimsCovered: string[]; amount: string; applicationDate?: string }): OneTimeAssistanceGranted => ({
  type: 'OneTimeAssistanceGranted',
  data: {
    personId: input.personId ?? 'p-1',
    applicationDate: input.applicationDate ?? '2023-06-01',
    claimsCovered: input.claimsCovered,
    amount: input.amount,
    policy: { ...HEZE, region: 'fumeng' },
    trace: [],
  },
});

/** Default recordedAt of the n-th event: one minute apart from a fixed instant, so tests are deterministic. */
export const recordedAtOf = (position: number): string => new Date(Date.UTC(2023, 0, 1) + position * 60_000).toISOString();

/** Envelopes events with positions 1, 2, 3 … for pure reducer tests. */
export const recorded = (events: ReadonlyArray<LedgerEvent | { event: LedgerEvent; recordedAt: string }>): ProjectedEvent[] =>
  events.map((entry, index) => {
    const { event, recordedAt } = 'event' in entry ? entry : { event: entry, recordedAt: recordedAtOf(index + 1) };
    const position = BigInt(index + 1);
    return {
      ...event,
      metadata: { ...metadataOf(position, recordedAt), prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
      streamName: streamOf(event),
      revision: 0n,
      position,
    } as ProjectedEvent;
  });

let eventCounter = 0;

const metadataOf = (position: bigint, recordedAt: string, correlationId = `corr-${position}`) => ({
  eventId: `00000000-0000-4000-8000-${(eventCounter++).toString().padStart(12, '0')}`,
  schemaVersion: 1,
  correlationId,
  causationId: correlationId,
  actor: 'test',
  recordedAt,
});

/** The stream the ledger writes each event to (person, benefit year or policy registry). */
export const streamOf = (event: LedgerEvent): string => {
  switch (event.type) {
    case 'PolicyPublished':
      return `policy-${event.data.region}`;
    case 'ClaimSettled':
    case 'ClaimReassessed':
    case 'HighCostAlertRaised':
    case 'HighCostAlertWithdrawn':
      return `benefit-year-${event.data.personId}-${event.data.year}`;
    default:
      return `person-${event.data.personId}`;
  }
};

export interface AppendOptions {
  readonly recordedAt?: string;
  readonly correlationId?: string;
}

/** Appends hand-built events, each to its own stream, in the given order; returns the last position. */
export const appendEvents = async (store: EventStore, events: ReadonlyArray<LedgerEvent | { event: LedgerEvent; options: AppendOptions }>): Promise<bigint> => {
  let last = 0n;
  for (const entry of events) {
    const { event, options } = 'options' in entry ? entry : { event: entry, options: {} };
    const head = await store.headPosition();
    const metadata = metadataOf(head + 1n, options.recordedAt ?? recordedAtOf(Number(head) + 1), options.correlationId);
    const toAppend: EventToAppend = { type: event.type, data: event.data, metadata };
    last = (await store.appendToStream(streamOf(event), [toAppend], 'any')).position;
  }
  return last;
};

/**
 * A small but complete history touching every projection: two persons, identities (one retroactive),
 * enrollments and subsidies, claims in two months, a reassessment that changes the category, an
 * alert raised and withdrawn, and one-time assistance.
 */
export const sampleHistory = (): LedgerEvent[] => [
  personRegistered('p-1'),
  personRegistered('p-2'),
  identityRecognized({ personId: 'p-1', category: 'SUBSISTENCE', validFrom: '2023-01-01', recordedOn: '2023-01-05' }),
  enrollmentRegistered({ personId: 'p-1', enrolledOn: '2022-11-20' }),
  subsidyGranted({ personId: 'p-1', amount: '350.00', category: 'SUBSISTENCE' }),
  enrollmentRegistered({ personId: 'p-2', enrolledOn: '2022-12-01' }),
  subsidyDeclined({ personId: 'p-2' }),
  claimSettled({ claimId: 'c-1', personId: 'p-1', sequence: 1, referenceDate: '2023-03-15', appliedCategory: 'SUBSISTENCE', payouts: payouts('6000.00', '1000.00', '2000.00'), after: { criticalBase: '4000.00', paid: payouts('6000.00', '1000.00', '2000.00') } }),
  claimSettled({ claimId: 'c-2', personId: 'p-2', sequence: 1, referenceDate: '2023-04-02', payouts: payouts('3000.00'), outOfPocket: '7000.00', after: { burdenTotal: '7000.00' } }),
  alert('raised', { personId: 'p-2', burden: '7000.00', claimId: 'c-2' }),
  identityRecognized({ personId: 'p-1', category: 'DESTITUTE', validFrom: '2023-02-01', recordedOn: '2023-05-01' }),
  claimReassessed({ claimId: 'c-1', personId: 'p-1', previous: payouts('6000.00', '1000.00', '2000.00'), next: payouts('6000.00', '1000.00', '3500.00'), appliedCategory: 'DESTITUTE' }),
  claimSettled({ claimId: 'c-3', personId: 'p-2', sequence: 2, referenceDate: '2023-05-20', payouts: payouts('800.00'), after: { burdenTotal: '5000.00' } }),
  alert('withdrawn', { personId: 'p-2', burden: '5000.00', claimId: 'c-3' }),
  oneTimeGranted({ personId: 'p-2', claimsCovered: ['c-2'], amount: '1200.00' }),
];
